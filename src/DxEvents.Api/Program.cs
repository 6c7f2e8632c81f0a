using DxEvents.Api.Auth;
using DxEvents.Api.Budgets;
using DxEvents.Api.Infrastructure;
using DxEvents.Api.Kpis;
using DxEvents.Api.Measures;
using DxEvents.Api.Plans;
using DxEvents.Api.EventStore;
using DxEvents.Api.Integrity;
using DxEvents.Api.Web;
using DxEvents.Domain;
using Microsoft.AspNetCore.Authentication;

var builder = WebApplication.CreateBuilder(args);
var connectionString = builder.Configuration["DXEVENTS_DB"]
    ?? throw new InvalidOperationException("Set DXEVENTS_DB to a PostgreSQL connection string (./ops/run does this for you).");

builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddDxEventStore(connectionString,
    StoreSetup.DaemonConnectionString(connectionString, builder.Configuration["DXEVENTS_DAEMON_DB"]),
    runDaemon: builder.Configuration["DXEVENTS_DAEMON"] != "off");
builder.Services.AddSingleton<EventReads>();
builder.Services.AddSingleton<ChainReads>();
builder.Services.AddSingleton<PlanViews>();
builder.Services.AddSingleton<SamplePlans>();
builder.Services.AddSingleton<ApiKeys>();
builder.Services.AddSingleton<CommandWorkflow>();
builder.Services.AddSingleton<ProjectionLagGauge>();
builder.Services.AddHostedService<Startup>();
builder.Services.AddDxTelemetry(builder.Configuration);

builder.Services.AddProblemDetails();
builder.Services.AddExceptionHandler<ProblemMapper>();
builder.Services.AddAuthentication(ApiKeyAuthentication.SchemeName)
    .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthentication>(ApiKeyAuthentication.SchemeName, null);
builder.Services.AddAuthorization(Policies.Add);
builder.AddDxWeb();
builder.Services.ConfigureHttpJsonOptions(o =>
{
    foreach (var converter in EventCatalog.JsonOptions.Converters)
        o.SerializerOptions.Converters.Add(converter);
    o.SerializerOptions.PropertyNamingPolicy = EventCatalog.JsonOptions.PropertyNamingPolicy;
    o.SerializerOptions.Encoder = EventCatalog.JsonOptions.Encoder;
});
builder.Services.AddOpenApi();
builder.Services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database", tags: ["ready"]);

var app = builder.Build();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseAuthentication();
app.UseAuthorization();

app.MapOpenApi();
app.UseSwaggerUI(o =>
{
    o.SwaggerEndpoint("/openapi/v1.json", "DxEvents v1");
    o.RoutePrefix = "docs";
});
app.MapHealthChecks("/health/live", new() { Predicate = _ => false });
app.MapHealthChecks("/health/ready", new() { Predicate = c => c.Tags.Contains("ready") });

var api = app.MapGroup("/api/{tenant}").RequireAuthorization().AddEndpointFilter(TenantAccess.RequireOwnTenant);
ImportPlan.Map(api);
PlanReads.Map(api);
ReviseTolerancesEndpoint.Map(api);
MeasureCommands.Map(api);
KpiCommands.Map(api);
ReviseBudgetEndpoint.Map(api);
DxEvents.Api.Headquarters.HeadquartersStatus.Map(api);
DxEvents.Api.Changes.PlanChangesEndpoint.Map(api);
DxEvents.Api.Audit.AuditHistory.Map(api);
DxEvents.Api.Exports.Exports.Map(api);
DxEvents.Api.Audit.VerifyEndpoints.Map(api);
DxEvents.Api.Audit.ExportEndpoint.Map(api);
app.MapDxWeb();

app.Run();

public partial class Program;
