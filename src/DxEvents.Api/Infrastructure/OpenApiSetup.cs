using System.Text.Json;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace DxEvents.Api.Infrastructure;

/// <summary>
/// What the OpenAPI document adds to what ASP.NET Core and Wolverine describe: the API key as a bearer scheme on every
/// /api operation, the plan document's schema for the import, whose body the domain's reader reads as JSON, and no
/// answer of the internal CommandAnswer type (Wolverine describes an endpoint's return type; a command documents its own).
/// </summary>
public static class OpenApiSetup
{
    public const string Scheme = "bearer";

    public static void Configure(OpenApiOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.AddDocumentTransformer((document, _, _) =>
        {
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            // A command's answer type is written by the command itself (CommandAccepted, PlanImported); it is no schema.
            document.Components.Schemas?.Remove(nameof(Commands.CommandAnswer));
            document.Components.SecuritySchemes[Scheme] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = Scheme,
                Description = "An API key of one municipality and one role (dxk_{tenant}_…), made with `dxevents keys create`.",
            };
            return Task.CompletedTask;
        });
        options.AddOperationTransformer(async (operation, context, ct) =>
        {
            if (context.Description.RelativePath?.StartsWith("api/", StringComparison.Ordinal) != true)
                return;
            foreach (var status in (operation.Responses ?? []).Where(r => r.Value.Content?.Values.Any(c =>
                         c.Schema is OpenApiSchemaReference { Reference.Id: nameof(Commands.CommandAnswer) }) == true).Select(r => r.Key).ToList())
                operation.Responses!.Remove(status);
            operation.Security ??= [];
            operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(Scheme, context.Document)] = [] });
            if (context.Description.ActionDescriptor.EndpointMetadata.OfType<DocumentedBody>().FirstOrDefault() is { } body
                && operation.RequestBody?.Content?.TryGetValue("application/json", out var json) == true)
                json.Schema = await context.GetOrCreateSchemaAsync(body.Type, null, ct);
        });
    }
}

/// <summary>Endpoint metadata: the body is read as <see cref="JsonElement"/> but has this type's shape.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class DocumentedBody(Type type) : Attribute
{
    public Type Type { get; } = type;
}
