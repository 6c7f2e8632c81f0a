using System.ComponentModel;
using System.Text.Json;
using DxEvents.Api.Commands;
using DxEvents.Domain.Texts;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Mvc.ApiExplorer;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.OpenApi;

namespace DxEvents.Api.Infrastructure;

/// <summary>
/// The OpenAPI document as a generated client needs it, built from what ASP.NET Core and Wolverine describe: schemas as the
/// server writes them (a <see cref="Text"/> is a string, an enum never lists null), the problem details with the extensions
/// <see cref="ProblemMapper"/> adds, the plan document as the import's body, and per operation what
/// <see cref="OpenApiOperations"/> adds (problems, headers, typed query parameters, export content types).
/// </summary>
public static class OpenApiSetup
{
    public const string Scheme = "bearer";

    public const string Problem = "ProblemDetails";

    public static IServiceCollection AddDxOpenApi(this IServiceCollection services)
    {
        services.AddOpenApi(Configure);
        services.TryAddEnumerable(ServiceDescriptor.Transient<IApiDescriptionProvider, DocumentedBodyProvider>());
        return services;
    }

    public static void Configure(OpenApiOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        // A text is a plain string wherever it is used: a string behind a $ref is a class of its own to generators (Kiota), which
        // then read every reason as an empty object.
        options.CreateSchemaReferenceId = type =>
            typeof(Text).IsAssignableFrom(type.Type) ? null : OpenApiOptions.CreateDefaultSchemaReferenceId(type);
        options.AddSchemaTransformer((schema, context, _) =>
        {
            var type = context.JsonTypeInfo.Type;
            if (typeof(Text).IsAssignableFrom(type))
            {
                // TextJsonConverter writes a text as its wording in the request's language; the record's members are never sent.
                schema.Type = context.JsonPropertyInfo?.AttributeProvider is System.Reflection.PropertyInfo property
                    && new System.Reflection.NullabilityInfoContext().Create(property).ReadState == System.Reflection.NullabilityState.Nullable
                    ? JsonSchemaType.String | JsonSchemaType.Null
                    : JsonSchemaType.String;
                schema.Properties?.Clear();
                schema.Required?.Clear();
                schema.Description = "A sentence for people, in Japanese unless Accept-Language asks for English (en).";
            }
            if (schema.Enum is { Count: > 0 } values)
            {
                // The exporter lists null among a nullable enum's values; the property that may be null says so itself.
                foreach (var none in values.Where(v => v is null).ToList())
                    values.Remove(none);
                schema.Type = JsonSchemaType.String;
            }
            return Task.CompletedTask;
        });
        options.AddOperationTransformer(OpenApiOperations.TransformAsync);
        options.AddDocumentTransformer(async (document, context, ct) =>
        {
            document.Info = new OpenApiInfo
            {
                Title = "DxEvents API",
                Version = "1",
                Description = "Progress of a municipality's DX promotion plan (DX推進計画) as events: import a plan, start measures, "
                    + "record quarterly KPI figures, revise budgets, and read status, changes and the audited history. "
                    + "Every path starts with the municipality (tenant) that the API key belongs to. Errors are RFC 9457 problem "
                    + "details whose code names the problem and whose field names the input at fault.",
            };
            // The generated clients join the server URL and a path with no separator of their own.
            foreach (var server in document.Servers ?? [])
                server.Url = server.Url?.TrimEnd('/');
            document.Tags = new HashSet<OpenApiTag>(Tags.Select(t => new OpenApiTag { Name = t.Key, Description = t.Value }));
            document.Components ??= new OpenApiComponents();
            document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
            // A command's answer type is written by the command itself (CommandAccepted, PlanImported); it is no schema.
            document.Components.Schemas.Remove(nameof(CommandAnswer));
            document.Components.Schemas.Remove(nameof(EventStore.AnswerShape));
            document.Components.Schemas[nameof(ProblemError)] = await context.GetOrCreateSchemaAsync(typeof(ProblemError), null, ct);
            var problem = await context.GetOrCreateSchemaAsync(typeof(ProblemBody), null, ct);
            problem.Properties![nameof(ProblemBody.Errors).ToLowerInvariant()] = new OpenApiSchema
            {
                Type = JsonSchemaType.Array,
                Items = new OpenApiSchemaReference(nameof(ProblemError), document),
                Description = "Every input at fault, the first one being field.",
            };
            // Written only when there is something to say: no field, errors or links for a problem about no one input.
            problem.Required = new HashSet<string>(["title", "status", "detail", "code", "traceId"]);
            document.Components.Schemas[Problem] = problem;
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes[Scheme] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = Scheme,
                Description = "An API key of one municipality and one role (dxk_{tenant}_…), made with `dxevents keys create`.",
            };
            OpenApiOperations.AddComponents(document);
        });
    }

    private static readonly Dictionary<string, string> Tags = new()
    {
        ["Plans"] = "A plan as published (dxevents.plan/v1), its current definition and its status by the status rule.",
        ["Measures"] = "A measure's (施策) life: started, suspended, resumed, completed, cancelled; its schedule items done.",
        ["KPIs"] = "Quarterly figures of a KPI (数値目標), their corrections, and revisions of its target.",
        ["Budgets"] = "Revisions of a measure's budget (事業費, 千円) for one fiscal year.",
        ["Headquarters"] = "Every plan of the municipality at a glance, for the DX推進本部.",
        ["Exports"] = "Open data: a plan's status and the event log as CSV or JSON.",
        ["Audit"] = "The event log, one stream's history, the hash chain and its bundle, and a report's digest checked.",
        ["Deadlines"] = "What is due, from whom: a quarter's deadline (提出期限) and the submissions by department and measure.",
        ["Workbooks"] = "Excel in and out: the plan template, a plan and a quarter's figures imported, workbooks for meetings.",
    };

    /// <summary>
    /// The import reads its body as a <see cref="JsonElement"/> (the domain's reader names every error by its JSON pointer),
    /// which is what ApiExplorer would describe; this says the body is a <see cref="Domain.Plans.Import.PlanDocument"/>, so
    /// that the document describes it like any other body, its records as shared components. An ApiExplorer provider because
    /// an operation transformer only gets an inline schema of the type.
    /// </summary>
    private sealed class DocumentedBodyProvider(IModelMetadataProvider metadata) : IApiDescriptionProvider
    {
        // Below Wolverine's (-2000): OnProvidersExecuted runs in descending order, so this one sees its descriptions.
        public int Order => -3000;

        public void OnProvidersExecuting(ApiDescriptionProviderContext context)
        {
        }

        public void OnProvidersExecuted(ApiDescriptionProviderContext context)
        {
            ArgumentNullException.ThrowIfNull(context);
            foreach (var description in context.Results)
            {
                if (description.ActionDescriptor.EndpointMetadata?.OfType<DocumentedBody>().FirstOrDefault() is not { } body)
                    continue;
                foreach (var parameter in description.ParameterDescriptions.Where(p => p.Source == BindingSource.Body))
                {
                    parameter.Type = body.Type;
                    parameter.ModelMetadata = metadata.GetMetadataForType(body.Type);
                }
            }
        }
    }
}

/// <summary>Endpoint metadata: the body is read as <see cref="JsonElement"/> but has this type's shape.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class DocumentedBody(Type type) : Attribute
{
    public Type Type { get; } = type;
}

/// <summary>The problem details as <see cref="ProblemMapper"/> and ASP.NET Core write them, for the document only.</summary>
internal sealed record ProblemBody(
    [property: Description("A URI naming the kind of problem (the RFC 9110 section of the status).")] string? Type,
    [property: Description("The kind of problem, in English, the same for every occurrence.")] string Title,
    [property: Description("The HTTP status.")] int Status,
    [property: Description("What went wrong, for people: Japanese unless Accept-Language asks for English.")] string Detail,
    [property: Description("What went wrong, for programs: a stable kebab-case name.")] string Code,
    [property: Description("The input at fault: a body member as a JSON pointer without its leading slash, a query parameter or a route value.")] string? Field,
    IReadOnlyList<ProblemError>? Errors,
    [property: Description("The request's trace id, to quote when asking about it.")] string TraceId,
    [property: Description("Where to go next; correction: the path that corrects a figure already recorded.")] IReadOnlyDictionary<string, string>? Links);

/// <summary>One input at fault.</summary>
internal sealed record ProblemError(
    [property: Description("A JSON pointer to the input (/fiscalYear, /measures/0/kpis), or the query parameter or route value (/asOf).")] string Pointer,
    [property: Description("What is wrong with it, for people.")] string Detail,
    [property: Description("What is wrong with it, for programs.")] string Code);
