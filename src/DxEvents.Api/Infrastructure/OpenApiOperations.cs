using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using DxEvents.Api.Audit;
using DxEvents.Api.Commands;
using DxEvents.Domain;
using DxEvents.Domain.Input;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace DxEvents.Api.Infrastructure;

/// <summary>
/// What one /api operation says beyond what ApiExplorer knows: the bearer key; every problem it can answer (401 without a
/// key, 403 for a role the policy does not admit, 404 for another municipality or a missing plan, 503 when the database is
/// away or the history not yet settled); a command's headers (Idempotency-Key, If-Match, ETag); the query and route values,
/// which the reads bind as text so that a bad one is a 400 naming it, described as the types they are read as; and the
/// content types of exports, whose answers are files.
/// </summary>
public static partial class OpenApiOperations
{
    private const string IdempotencyKey = "IdempotencyKey";
    private const string IfMatchHeader = "IfMatch";
    private const string AcceptLanguage = "AcceptLanguage";
    private const string CorrelationId = "CorrelationId";
    private const string ETag = "ETag";
    private const string Replayed = "IdempotentReplayed";
    private const string RetryAfter = "RetryAfter";
    private const string Next = "DxEventsNext";
    private const string ProblemJson = "application/problem+json";
    private const string EventType = "EventType";

    /// <summary>The shared parameters and headers the operations refer to.</summary>
    public static void AddComponents(OpenApiDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var components = document.Components ??= new OpenApiComponents();
        components.Parameters ??= new Dictionary<string, IOpenApiParameter>();
        components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
        components.Schemas[EventType] = new OpenApiSchema
        {
            Type = JsonSchemaType.String,
            Description = "The name of an event type, as the log shows it.",
            Enum = [.. EventCatalog.EventTypeNames.Order(StringComparer.Ordinal).Select(n => (JsonNode)JsonValue.Create(n))],
        };
        components.Headers ??= new Dictionary<string, IOpenApiHeader>();
        components.Parameters[IdempotencyKey] = Header("Idempotency-Key",
            "Makes a retry safe: the same key with the same request answers the first answer again (Idempotent-Replayed: true) "
            + "and records nothing; the same key with another request is a 422.",
            new OpenApiSchema { Type = JsonSchemaType.String, MinLength = 1, MaxLength = Bounds.IdempotencyKeyLength });
        components.Parameters[IfMatchHeader] = Header("If-Match",
            "The ETag of an earlier answer (e.g. \"3\"): the command is refused with 412 if the stream has moved on since.",
            new OpenApiSchema { Type = JsonSchemaType.String, Pattern = "^(W/)?\"?[0-9]+\"?$|^\\*$" });
        components.Parameters[AcceptLanguage] = Header("Accept-Language",
            "en for English texts (detail, errors, reasons); Japanese otherwise.", new OpenApiSchema { Type = JsonSchemaType.String });
        components.Parameters[CorrelationId] = Header("X-Correlation-Id",
            "Stored as the events' correlation id (else the request's trace id); one line, no control character (else 400).",
            new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = Bounds.LineLength, Pattern = Bounds.LinePattern });
        components.Headers[ETag] = new OpenApiHeader
        {
            Description = "The stream's version after the command, quoted (e.g. \"3\"); send it back as If-Match.",
            Schema = new OpenApiSchema { Type = JsonSchemaType.String },
        };
        components.Headers[Replayed] = new OpenApiHeader
        {
            Description = "true when this is the first answer to the same Idempotency-Key, given again.",
            Schema = new OpenApiSchema { Type = JsonSchemaType.String, Enum = [JsonValue.Create("true")] },
        };
        components.Headers[RetryAfter] = new OpenApiHeader
        {
            Description = "Seconds to wait before asking again.",
            Schema = new OpenApiSchema { Type = JsonSchemaType.Integer, Minimum = "0" },
        };
        components.Headers[Next] = new OpenApiHeader
        {
            Description = "The after to pass for the next export: the last sequence this one contains.",
            Schema = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int64", Minimum = "0" },
        };
    }

    public static async Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(context);
        var description = context.Description;
        if (description.RelativePath?.StartsWith("api/", StringComparison.Ordinal) != true)
            return;
        var document = context.Document!;
        var metadata = description.ActionDescriptor.EndpointMetadata;
        operation.Responses ??= [];
        foreach (var status in operation.Responses.Where(r => r.Value.Content?.Values.Any(c =>
                     c.Schema is OpenApiSchemaReference { Reference.Id: nameof(CommandAnswer) }) == true).Select(r => r.Key).ToList())
            operation.Responses.Remove(status);
        operation.Security ??= [];
        operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(OpenApiSetup.Scheme, document)] = [] });

        // Wolverine's default description is the route's name (POST_api_tenant_plans): no help to a person.
        if (operation.Description?.StartsWith(description.HttpMethod + "_", StringComparison.Ordinal) == true)
            operation.Description = null;
        var command = metadata.OfType<CommandBody>().Any();
        var ifMatch = metadata.OfType<TakesIfMatch>().Any();
        if (command)
        {
            operation.Description ??= ifMatch
                ? "Answers the events appended and the stream's new version, also as ETag. Send that ETag back as If-Match to be "
                  + "refused (412) if someone changed the stream meanwhile; without it, commands on one stream take its lock in turn. "
                  + "Nothing is appended when the answer is a problem."
                : "Answers what was appended. Nothing is appended when the answer is a problem.";
        }

        operation.Parameters ??= [];
        AddMissingRouteValues(operation, description.RelativePath);
        foreach (var parameter in operation.Parameters.OfType<OpenApiParameter>())
            Describe(parameter, document);
        if (command)
        {
            operation.Parameters.Add(new OpenApiParameterReference(IdempotencyKey, document));
            if (ifMatch)
                operation.Parameters.Add(new OpenApiParameterReference(IfMatchHeader, document));
            operation.Parameters.Add(new OpenApiParameterReference(CorrelationId, document));
        }
        operation.Parameters.Add(new OpenApiParameterReference(AcceptLanguage, document));

        await ContentOfFilesAsync(operation, context, ct);
        foreach (var (status, answer) in operation.Responses.Where(r => r.Key is "200" or "201").Select(r => (r.Key, r.Value)).ToList())
        {
            if (!command || answer is not OpenApiResponse response)
                continue;
            response.Headers ??= new Dictionary<string, IOpenApiHeader>();
            response.Headers["ETag"] = new OpenApiHeaderReference(ETag, document);
            response.Headers["Idempotent-Replayed"] = new OpenApiHeaderReference(Replayed, document);
            if (status == "201")
                response.Headers["Location"] = new OpenApiHeader { Description = "The plan's path.", Schema = new OpenApiSchema { Type = JsonSchemaType.String } };
        }
        if (operation.OperationId == "ExportAuditEvents"
            && operation.Responses.TryGetValue("200", out var export) && export is OpenApiResponse exported)
            (exported.Headers ??= new Dictionary<string, IOpenApiHeader>())["DxEvents-Next"] = new OpenApiHeaderReference(Next, document);

        var problems = new SortedSet<int> { 401, 404, 503 };
        if (ForbidsSomeRole(metadata))
            problems.Add(403);
        // Every value but the municipality is read by the endpoint, which names a bad one in a 400.
        if (operation.Parameters.OfType<OpenApiParameter>().Any(p => p.In is ParameterLocation.Query or ParameterLocation.Path && p.Name != "tenant"))
            problems.Add(400);
        foreach (var status in problems)
            operation.Responses.TryAdd(status.ToString(System.Globalization.CultureInfo.InvariantCulture), new OpenApiResponse());
        foreach (var (key, answer) in operation.Responses.ToList())
        {
            if (!int.TryParse(key, out var status) || status < 400 || answer is not OpenApiResponse response)
                continue;
            response.Description = ProblemDescription(status, ifMatch);
            response.Content = new Dictionary<string, OpenApiMediaType>
            {
                [ProblemJson] = new() { Schema = new OpenApiSchemaReference(OpenApiSetup.Problem, document) },
            };
            if (status == 503)
                (response.Headers ??= new Dictionary<string, IOpenApiHeader>())["Retry-After"] = new OpenApiHeaderReference(RetryAfter, document);
        }
    }

    /// <summary>Only the read policy (and the default one) admits every role: other policies answer 403 to the roles they exclude.</summary>
    private static bool ForbidsSomeRole(IList<object> metadata) =>
        metadata.OfType<IAuthorizeData>().Any(a => a.Policy is not null && a.Policy != Policies.Read);

    private static string ProblemDescription(int status, bool ifMatch) => status switch
    {
        400 => "A query parameter, route value, header or the body cannot be read; field and errors name it.",
        401 => "No API key, or one that is unknown or revoked.",
        403 => "The key's role may not do this.",
        404 => "Not found: the plan, measure, KPI or stream named in the path, or another municipality than the key's.",
        409 => "Conflicts with what is recorded (e.g. the quarter already has a figure: links.correction is where to correct it), "
               + "or another request changed the same thing at the same moment.",
        412 when ifMatch => "If-Match names a version the stream is no longer at.",
        413 => "The body is too large.",
        415 => "The body is not JSON.",
        422 => "A rule is broken, or the Idempotency-Key was used for another request; field and errors name the input at fault.",
        503 => "The database is unavailable, or the history asked for is still being written; ask again after Retry-After seconds.",
        _ => "A problem.",
    };

    /// <summary>A route value the endpoint does not bind (it reads it from the route itself) is still part of the path.</summary>
    private static void AddMissingRouteValues(OpenApiOperation operation, string path)
    {
        foreach (var name in RouteValue().Matches(path).Select(m => m.Groups["name"].Value))
        {
            if (!operation.Parameters!.Any(p => p.Name == name && p.In == ParameterLocation.Path))
                operation.Parameters!.Insert(0, new OpenApiParameter { Name = name, In = ParameterLocation.Path, Required = true, Schema = new OpenApiSchema { Type = JsonSchemaType.String } });
        }
    }

    [GeneratedRegex(@"\{\**(?<name>[A-Za-z]+)[^}]*\}")]
    private static partial Regex RouteValue();

    /// <summary>A parameter as the endpoint reads it. Only text is retyped: a parameter ASP.NET Core already typed (the
    /// workbook's fiscal year and quarter) keeps its own schema.</summary>
    private static void Describe(OpenApiParameter parameter, OpenApiDocument document)
    {
        if (parameter.Name is not { } name || !Parameters.TryGetValue(name, out var known))
            return;
        parameter.Description ??= known.Description;
        var current = parameter.Schema as OpenApiSchema;
        var isText = current is null || current.Type is JsonSchemaType.String && current.Format is null && current.Enum is null
            || current.Type is JsonSchemaType.Array;
        if (isText && known.Schema is { } schema)
            parameter.Schema = schema();
        if (name == "type")
        {
            parameter.Schema = new OpenApiSchema { Type = JsonSchemaType.Array, Items = new OpenApiSchemaReference(EventType, document) };
            parameter.Style = ParameterStyle.Form;
            parameter.Explode = true;
        }
    }

    private sealed record Known(string Description, Func<OpenApiSchema>? Schema = null);

    private static OpenApiSchema Integer(int min, int max) =>
        new() { Type = JsonSchemaType.Integer, Format = "int32", Minimum = Invariant(min), Maximum = Invariant(max) };

    private static OpenApiSchema Choice(string @default, params string[] values) =>
        new() { Type = JsonSchemaType.String, Enum = [.. values.Select(v => (JsonNode)JsonValue.Create(v))], Default = JsonValue.Create(@default) };

    private static OpenApiSchema Instant() => new() { Type = JsonSchemaType.String, Format = "date-time" };

    private static OpenApiSchema Id() => new() { Type = JsonSchemaType.String, MaxLength = Bounds.IdLength };

    private static OpenApiSchema Hash() => new() { Type = JsonSchemaType.String, Pattern = "^[0-9a-fA-F]{64}$" };

    private static string Invariant(long value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private const string Instants = "An ISO 8601 instant; a date (yyyy-MM-dd) alone is also read";

    private static readonly Dictionary<string, Known> Parameters = new()
    {
        ["tenant"] = new("The municipality (e.g. mima): the one the API key belongs to; any other is a 404.", Id),
        ["planId"] = new("The plan's id, as in its plan document (e.g. mima-dx).", Id),
        ["plan"] = new("The plan's id whose report is checked.", Id),
        ["measureId"] = new("The measure's id within the plan (e.g. m04).", Id),
        ["kpiId"] = new("The KPI's id within the plan (e.g. k04).", Id),
        ["itemId"] = new("The schedule item's id within the measure.", Id),
        ["streamId"] = new("A stream, e.g. plan/mima-dx, plan/mima-dx/measure/m04 or plan/mima-dx/kpi/k04; its slashes may be sent escaped (%2F).",
            () => new OpenApiSchema { Type = JsonSchemaType.String }),
        ["fiscalYear"] = new("The fiscal year (西暦), e.g. 2025 for 令和7年度.", () => Integer(Bounds.MinFiscalYear, Bounds.MaxFiscalYear)),
        ["quarter"] = new("The quarter of the fiscal year: 1 (Apr–Jun) to 4 (Jan–Mar).", () => Integer(1, 4)),
        ["asOf"] = new($"What was known then. {Instants}, meaning the end of that day in Japan. Default: now.", Instant),
        ["reportingDate"] = new("Which quarters count: those closed by this date (yyyy-MM-dd). Default: today in Japan (or asOf's day).",
            () => new OpenApiSchema { Type = JsonSchemaType.String, Format = "date" }),
        ["since"] = new($"Changes recorded after this instant. {Instants}, meaning the end of that day in Japan.", Instant),
        ["until"] = new($"Up to this instant. {Instants}, meaning the end of that day in Japan. Default: now.", Instant),
        ["from"] = new($"Events recorded from this instant on. {Instants}, meaning the start of that day in Japan.", Instant),
        ["to"] = new($"Events recorded up to this instant. {Instants}, meaning the end of that day in Japan.", Instant),
        ["after"] = new("The last sequence already read (the previous page's next); default 0.",
            () => new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int64", Minimum = "0" }),
        ["limit"] = new($"At most this many events (default {AuditQuery.DefaultLimit}).", () => Integer(1, AuditQuery.MaxLimit)),
        ["format"] = new("json (default) or csv: UTF-8 with a BOM, CRLF, 和暦 beside 西暦.", () => Choice("json", "json", "csv")),
        ["table"] = new("kpis (default): one row per KPI; budget: one row per measure and fiscal year.", () => Choice("kpis", "kpis", "budget")),
        ["rules"] = new("asOf (default): judged by the tolerances then; current: also under today's tolerances (underCurrentRules).",
            () => Choice("asOf", "asOf", "current")),
        ["type"] = new("Event types (repeat the parameter, or separate with commas)."),
        ["stream"] = new("A stream and every stream below it, e.g. plan/mima-dx/kpi/k04.", () => new OpenApiSchema { Type = JsonSchemaType.String }),
        ["actor"] = new("The name of the key that recorded the event.", () => new OpenApiSchema { Type = JsonSchemaType.String }),
        ["head"] = new("A chain head (its hash) from an earlier answer.", Hash),
        ["digest"] = new("The report's digest (reportDigest of the status answer).", Hash),
    };

    /// <summary>Exports answer files: each content type the endpoint declares, with what it holds.</summary>
    private static async Task ContentOfFilesAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken ct)
    {
        foreach (var produces in context.Description.ActionDescriptor.EndpointMetadata.OfType<Microsoft.AspNetCore.Http.Metadata.IProducesResponseTypeMetadata>())
        {
            if (produces.StatusCode is < 200 or >= 300 || !operation.Responses!.TryGetValue(Invariant(produces.StatusCode), out var answer)
                || answer is not OpenApiResponse response)
                continue;
            response.Content ??= new Dictionary<string, OpenApiMediaType>();
            foreach (var contentType in produces.ContentTypes)
            {
                if (response.Content.ContainsKey(contentType))
                    continue;
                response.Content[contentType] = new OpenApiMediaType
                {
                    Schema = produces.Type is { } type && type != typeof(void)
                        ? await SchemaOfAsync(type, context, ct)
                        : contentType.StartsWith("text/", StringComparison.Ordinal)
                            ? new OpenApiSchema { Type = JsonSchemaType.String }
                            : new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary" },
                };
            }
        }
    }

    /// <summary>A model as a shared component (added here when no other operation has made it one yet), so that a generator
    /// makes one class of it, not one per export.</summary>
    private static async Task<IOpenApiSchema> SchemaOfAsync(Type type, OpenApiOperationTransformerContext context, CancellationToken ct)
    {
        var item = type.IsGenericType && type.GetGenericArguments() is [var element] && typeof(System.Collections.IEnumerable).IsAssignableFrom(type)
            ? element : null;
        var model = item ?? type;
        var document = context.Document!;
        if (document.Components?.Schemas?.ContainsKey(model.Name) != true)
            document.AddComponent(model.Name, await context.GetOrCreateSchemaAsync(model, null, ct));
        var named = new OpenApiSchemaReference(model.Name, document);
        return item is null ? named : new OpenApiSchema { Type = JsonSchemaType.Array, Items = named };
    }

    private static OpenApiParameter Header(string name, string description, OpenApiSchema schema) =>
        new() { Name = name, In = ParameterLocation.Header, Required = false, Description = description, Schema = schema };
}
