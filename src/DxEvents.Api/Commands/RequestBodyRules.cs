using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Schema;
using DxEvents.Api.Infrastructure;
using DxEvents.Domain;
using DxEvents.Domain.Input;
using DxEvents.Domain.Texts;
using Json.Schema;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace DxEvents.Api.Commands;

/// <summary>
/// A command's body checked against its request record before Wolverine deserializes it (by <see cref="CommandMiddleware"/>:
/// Wolverine's generated code reads the body first of all): at most 1 MiB (413), JSON
/// (400), an object (400), then the record's JSON schema — the one System.Text.Json exports and the OpenAPI document
/// shows — evaluated by JsonSchema.Net, so that every wrong or missing field is named at once by its JSON pointer.
/// System.Text.Json alone stops at the first error and names no field for a missing one.
/// </summary>
public static class RequestBodyRules
{
    public const int MaxBytes = 1024 * 1024;

    /// <summary>The request options with the record's own rules: required constructor parameters, nullable annotations.</summary>
    public static readonly JsonSerializerOptions StrictOptions = new(EventCatalog.JsonOptions)
    {
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
    };

    private static readonly EvaluationOptions Evaluation = new() { OutputFormat = OutputFormat.List, RequireFormatValidation = true };

    public static async Task<ProblemDetails> ReadAsync<TRequest>(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        if (await BufferedAsync(http) is { } tooLarge)
            return tooLarge;
        var raw = http.Features.Get<RequestBytes>()!.Bytes;

        if (Parse(raw, out var root) is { } malformed)
            return ProblemMapper.Problem(400, "Malformed JSON", [malformed]);
        if (root.ValueKind != JsonValueKind.Object)
            return ProblemMapper.Problem(400, "Malformed request", [new FieldText("", new BodyNotAnObject())]);

        var problems = BodySchema<TRequest>.Check(root);
        if (problems.Count == 0)
            problems = [.. Underflows(root, "")];
        if (problems.Count == 0)
        {
            try
            {
                // What a schema cannot say: a number out of the field's range (1e400 for a decimal, 2^40 for an int).
                root.Deserialize<TRequest>(StrictOptions);
            }
            catch (JsonException e)
            {
                var pointer = Pointer(e.Path);
                problems = [new FieldText(pointer, new OutOfRange(pointer.TrimStart('/')))];
            }
        }
        return problems.Count == 0 ? WolverineContinue.NoProblems : ProblemMapper.Problem(400, "Invalid request", problems);
    }

    /// <summary>The body read once and kept as <see cref="RequestBytes"/> (the Idempotency-Key's fingerprint and the checks read
    /// it); a 413 problem when it is over the limit.</summary>
    public static async Task<ProblemDetails?> BufferedAsync(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        if (http.Features.Get<RequestBytes>() is not null)
            return null;
        if (await BufferAsync(http) is not { } raw)
            return ProblemMapper.Problem(413, "Request body too large", [new FieldText("", new BodyTooLarge(MaxBytes))]);
        http.Features.Set(new RequestBytes(raw));
        return null;
    }

    /// <summary>A body (or an uploaded document) as JSON: null and its root, or why it is not JSON.</summary>
    public static FieldText? Parse(byte[] raw, out JsonElement root)
    {
        ArgumentNullException.ThrowIfNull(raw);
        try
        {
            // RFC 8259 lets a parser ignore a UTF-8 BOM; editors such as Notepad save documents with one.
            using var document = JsonDocument.Parse(raw.AsMemory(raw.AsSpan().StartsWith("\uFEFF"u8) ? 3 : 0), new JsonDocumentOptions { MaxDepth = 64 });
            root = document.RootElement.Clone();
            return null;
        }
        catch (JsonException e)
        {
            root = default;
            return new FieldText("", new MalformedJson(e.Message, e.LineNumber, e.BytePositionInLine));
        }
    }

    /// <summary>Every field of <paramref name="body"/> that does not fit <typeparamref name="TRequest"/>'s schema.</summary>
    public static IReadOnlyList<FieldText> Problems<TRequest>(JsonElement body) => BodySchema<TRequest>.Check(body);

    /// <summary>The body, or null when it is over the limit (announced or not).</summary>
    /// <remarks>Counted here rather than with ASP.NET Core's IHttpMaxRequestBodySizeFeature: the body is read here anyway
    /// for the schema, and the feature is Kestrel's (the in-memory test server ignores it), while the 413 and its problem
    /// details must be the same on both.</remarks>
    private static async Task<byte[]?> BufferAsync(HttpContext http)
    {
        if (http.Request.ContentLength > MaxBytes)
            return null;
        http.Request.EnableBuffering(MaxBytes);
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await http.Request.Body.ReadAsync(chunk, http.RequestAborted)) > 0)
        {
            if (buffer.Length + read > MaxBytes)
                return null;
            buffer.Write(chunk, 0, read);
        }
        http.Request.Body.Position = 0;
        return buffer.ToArray();
    }

    /// <summary>Numbers a decimal can only read as zero (5e-324): System.Text.Json would accept them as 0 silently.</summary>
    private static IEnumerable<FieldText> Underflows(JsonElement element, string pointer) => element.ValueKind switch
    {
        JsonValueKind.Number when element.TryGetDecimal(out var value) && Bounds.Underflows(element.GetRawText(), value) =>
            [new FieldText(pointer, new OutOfRange(pointer.TrimStart('/')))],
        JsonValueKind.Object => element.EnumerateObject().SelectMany(p => Underflows(p.Value, $"{pointer}/{p.Name}")),
        JsonValueKind.Array => element.EnumerateArray().SelectMany((item, i) => Underflows(item, $"{pointer}/{i}")),
        _ => [],
    };

    /// <summary>The schema keywords of a property's bounds: the DataAnnotations attributes on request records (declared with
    /// <see cref="Bounds"/>' constants), read the way ASP.NET Core's OpenAPI document reads them, so both say the same.</summary>
    private static JsonNode Bounded(JsonSchemaExporterContext context, JsonNode schema)
    {
        if (schema is not JsonObject node || context.PropertyInfo?.AttributeProvider is not { } provider)
            return schema;
        foreach (var attribute in provider.GetCustomAttributes(inherit: true))
        {
            switch (attribute)
            {
                case MaxLengthAttribute max:
                    node["maxLength"] = max.Length;
                    break;
                case RegularExpressionAttribute pattern:
                    node["pattern"] = pattern.Pattern;
                    break;
                case RangeAttribute range:
                    node["minimum"] = Convert.ToDecimal(range.Minimum, CultureInfo.InvariantCulture);
                    node["maximum"] = Convert.ToDecimal(range.Maximum, CultureInfo.InvariantCulture);
                    break;
            }
        }
        return node;
    }

    /// <summary>"$.funding[0].amount" → "/funding/0/amount".</summary>
    private static string Pointer(string? path) =>
        (path ?? "$").TrimStart('$').Replace("[", ".", StringComparison.Ordinal).Replace("]", "", StringComparison.Ordinal)
            .Replace("'", "", StringComparison.Ordinal).Replace('.', '/');

    /// <summary>One request record's schema, exported once.</summary>
    private static class BodySchema<T>
    {
        private static readonly JsonNode Node = JsonSchemaExporter.GetJsonSchemaAsNode(StrictOptions, typeof(T),
            new JsonSchemaExporterOptions { TransformSchemaNode = Bounded });
        private static readonly JsonSchema Schema = JsonSchema.FromText(Node.ToJsonString());

        public static List<FieldText> Check(JsonElement body)
        {
            var results = Schema.Evaluate(body, Evaluation);
            if (results.IsValid)
                return [];
            var problems = new List<FieldText>();
            foreach (var detail in (results.Details ?? []).Where(d => d.Errors is { Count: > 0 }))
            {
                var at = detail.InstanceLocation.ToString();
                var schema = Navigate(Node, detail.EvaluationPath.ToString());
                var field = at.TrimStart('/');
                foreach (var keyword in detail.Errors!.Keys)
                {
                    if (keyword == "required")
                        problems.AddRange(Missing(schema, Navigate(body, at)).Select(name => new FieldText($"{at}/{name}", new FieldRequired(name))));
                    else if (detail.EvaluationPath.ToString().EndsWith("/additionalProperties", StringComparison.Ordinal))
                        problems.Add(new FieldText(at, new UnknownField(field)));
                    else if (keyword == "maxLength")
                        problems.Add(new FieldText(at, new TextTooLong(Navigate(body, at)?.GetString()?.Length ?? 0, schema?["maxLength"]?.GetValue<int>() ?? 0)));
                    else if (keyword == "pattern")
                        problems.Add(new FieldText(at, new ControlCharacter(Navigate(body, at)?.GetString() is { } text
                            && (Bounds.ForbiddenCharacter(text, multiLine: true) ?? Bounds.ForbiddenCharacter(text, multiLine: false)) is { } c ? Bounds.Name(c) : "")));
                    else if (keyword is "minimum" or "maximum")
                        problems.Add(new FieldText(at, new NumberOutOfRange(field, schema?["minimum"]?.GetValue<decimal>() ?? 0, schema?["maximum"]?.GetValue<decimal>() ?? 0)));
                    else
                        problems.Add(new FieldText(at, new WrongType(field, Expected(schema))));
                }
            }
            // The list output repeats a failure at each level of nesting; each pointer is named once.
            return problems.DistinctBy(p => p.Pointer).OrderBy(p => p.Pointer, StringComparer.Ordinal).ToList();
        }

        private static IEnumerable<string> Missing(JsonNode? schema, JsonElement? instance) =>
            (schema?["required"]?.AsArray() ?? []).Select(n => n!.GetValue<string>())
                .Where(name => instance is not { ValueKind: JsonValueKind.Object } o || !o.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null);

        private static FieldKind Expected(JsonNode? schema)
        {
            var types = schema?["type"] switch
            {
                JsonArray many => many.Select(t => t!.GetValue<string>()).ToList(),
                JsonValue one => [one.GetValue<string>()],
                _ => [],
            };
            return (types.FirstOrDefault(t => t != "null"), schema?["format"]?.GetValue<string>()) switch
            {
                ("integer", _) => FieldKind.WholeNumber,
                ("number", _) => FieldKind.Number,
                ("string", "date") => FieldKind.Date,
                ("string", _) => FieldKind.String,
                ("array", _) => FieldKind.Array,
                ("object", _) => FieldKind.Object,
                _ => FieldKind.NotAllowed,
            };
        }

        /// <summary>The subschema an evaluation path leads to (a path that ends on a keyword leads to its schema).</summary>
        private static JsonNode? Navigate(JsonNode? node, string pointer)
        {
            var schema = node;
            foreach (var segment in Segments(pointer))
            {
                node = node switch { JsonObject o => o[segment], JsonArray a when int.TryParse(segment, out var i) && i < a.Count => a[i], _ => null };
                if (node is JsonObject)
                    schema = node;
            }
            return schema;
        }

        private static JsonElement? Navigate(JsonElement element, string pointer)
        {
            foreach (var segment in Segments(pointer))
            {
                if (element.ValueKind == JsonValueKind.Object && element.TryGetProperty(segment, out var child))
                    element = child;
                else if (element.ValueKind == JsonValueKind.Array && int.TryParse(segment, out var i) && i < element.GetArrayLength())
                    element = element[i];
                else
                    return null;
            }
            return element;
        }

        private static IEnumerable<string> Segments(string pointer) =>
            pointer.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(s => s.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal));
    }
}

/// <summary>Endpoint metadata: this endpoint's body is a <paramref name="RequestType"/>, checked by <see cref="RequestBodyRules"/>.</summary>
public sealed record CommandBody(Type RequestType)
{
    public Func<HttpContext, Task<ProblemDetails>> Check { get; } = typeof(RequestBodyRules).GetMethod(nameof(RequestBodyRules.ReadAsync))!
        .MakeGenericMethod(RequestType).CreateDelegate<Func<HttpContext, Task<ProblemDetails>>>();
}

/// <summary>The body's bytes as received: the Idempotency-Key's fingerprint is taken over them.</summary>
public sealed record RequestBytes(byte[] Bytes);
