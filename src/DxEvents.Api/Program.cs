using DxEvents.Api.Auth;
using DxEvents.Api.Budgets;
using DxEvents.Api.Infrastructure;
using DxEvents.Api.Kpis;
using DxEvents.Api.Measures;
using DxEvents.Api.Plans;
using DxEvents.Api.Reads;
using DxEvents.Api.EventStore;
using DxEvents.Api.Integrity;
using DxEvents.Api.Projections;
using DxEvents.Api.Web;
using DxEvents.Domain;
using Microsoft.AspNetCore.Authentication;
using JasperFx;
using Wolverine;
using Wolverine.Http;
using Wolverine.Marten;
using DxEvents.Api.Commands;

var builder = WebApplication.CreateBuilder(args);
var connectionString = builder.Configuration["DXEVENTS_DB"]
    ?? throw new InvalidOperationException("Set DXEVENTS_DB to a PostgreSQL connection string (./ops/run does this for you).");

var daemonConnectionString = StoreSetup.DaemonConnectionString(connectionString, builder.Configuration["DXEVENTS_DAEMON_DB"]);
// The schema's owner applies it (SchemaOwner); without DXEVENTS_OWNER_DB the service's role does, as it owns the schema.
var ownerConnectionString = builder.Configuration["DXEVENTS_OWNER_DB"] is { Length: > 0 } owner ? owner : null;

builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddDxEventStore(connectionString, daemonConnectionString,
    runDaemon: builder.Configuration["DXEVENTS_DAEMON"] != "off",
    ExtraDatabase.From(builder.Configuration), ownerApplies: ownerConnectionString is not null);
builder.Services.AddSingleton<EventReads>();
builder.Services.AddSingleton<ChainReads>();
builder.Services.AddSingleton<ReportVerifier>();
builder.Services.AddSingleton<PlanViews>();
builder.Services.AddSingleton<ReportReads>();
builder.Services.AddSingleton<DxEvents.Api.Headquarters.StoredHeadquartersReads>();
builder.Services.AddSingleton<SamplePlans>();
builder.Services.AddApiKeys(builder.Configuration, connectionString, ExtraDatabase.From(builder.Configuration));
builder.Services.AddSingleton<PeopleAccess>();
builder.Services.AddSingleton<ResidentsPage>();
builder.Services.AddSingleton<DxEvents.Api.Review.FigureReviews>();
builder.Services.AddSingleton<ProjectionLagGauge>();
builder.Services.AddHostedService<Startup>();
builder.Services.AddDxTelemetry(builder.Configuration);

builder.Services.AddDxLanguages();
builder.Services.AddProblemDetails();
builder.Services.AddExceptionHandler<ProblemMapper>();
builder.Services.AddAuthentication(ApiKeyAuthentication.SchemeName)
    .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthentication>(ApiKeyAuthentication.SchemeName, null);
builder.Services.AddAuthorization(Policies.Add);
builder.Services.AddSingleton<Microsoft.AspNetCore.Authorization.IAuthorizationHandler, OwnMunicipality>();
builder.Services.AddSingleton<Microsoft.AspNetCore.Authorization.IAuthorizationMiddlewareResultHandler, OtherMunicipalityIsNotFound>();
builder.AddDxWeb();
builder.Services.AddSingleton<DxEvents.Api.Workbooks.WorkbookCommands>();
DxEvents.Api.Deadlines.ReminderSetup.AddDxReminders(builder.Services, builder.Configuration);
builder.Services.ConfigureHttpJsonOptions(o =>
{
    foreach (var converter in EventCatalog.JsonOptions.Converters)
        o.SerializerOptions.Converters.Add(converter);
    o.SerializerOptions.PropertyNamingPolicy = EventCatalog.JsonOptions.PropertyNamingPolicy;
    o.SerializerOptions.Encoder = EventCatalog.JsonOptions.Encoder;
    // A number is a JSON number (the web default also reads numbers from strings).
    o.SerializerOptions.NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.Strict;
    o.SerializerOptions.Converters.Add(RequestLanguage.JsonConverter);
});
builder.Services.AddDxOpenApi();
builder.Host.UseWolverine(opts =>
{
    // One node runs every async projection; a cluster (DXEVENTS_CLUSTER=on, every node on one database) elects a leader
    // that spreads them, one node each, and moves them off a node that stops answering.
    opts.Durability.Mode = builder.Configuration["DXEVENTS_CLUSTER"] == "on" ? DurabilityMode.Balanced : DurabilityMode.Solo;
    // A node that misses its health checks for 10 s is taken for dead and its projections move (./ops/drill two-nodes).
    opts.Durability.HealthCheckPollingTime = TimeSpan.FromSeconds(2);
    opts.Durability.CheckAssignmentPeriod = TimeSpan.FromSeconds(2);
    opts.Durability.StaleNodeTimeout = TimeSpan.FromSeconds(10);
    opts.Policies.AutoApplyTransactions();
    if (ownerConnectionString is not null)
        opts.AutoBuildMessageStorageOnStartup = JasperFx.AutoCreate.None;
});
// Production runs the endpoint code generated ahead of time into Internal/Generated (`dotnet run -- codegen write`,
// checked by GeneratedCodeTests) and never compiles at run time; development compiles it on start.
builder.Services.CritterStackDefaults(x =>
{
    x.Production.GeneratedCodeMode = JasperFx.CodeGeneration.TypeLoadMode.Static;
    x.Production.AssertAllPreGeneratedTypesExist = true;
    x.Development.GeneratedCodeMode = JasperFx.CodeGeneration.TypeLoadMode.Dynamic;
});
builder.Services.AddWolverineHttp();
var health = builder.Services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database", tags: ["ready"]);
if (builder.Configuration["DXEVENTS_DAEMON"] != "off")
{
    builder.Services.AddSingleton<ProjectionWatchdog>();
    builder.Services.AddHostedService(s => s.GetRequiredService<ProjectionWatchdog>());
    health.AddCheck<ProjectionWatchdog>("projections", tags: ["ready"]);
}
builder.Services.AddDxProjectionDriftCheck(builder.Configuration);

if (ownerConnectionString is not null)
    await SchemaOwner.ApplyAsync(ownerConnectionString, connectionString,
        new Npgsql.NpgsqlConnectionStringBuilder(daemonConnectionString).Username ?? StoreSetup.DaemonRole(connectionString),
        ExtraDatabase.From(builder.Configuration));

var app = builder.Build();
app.UseDxSecurity();
app.UseDxLanguages();
app.UseExceptionHandler();
app.UseDxErrorPages();
// Routing after the error pages, so that a page's error re-executed at /error/{status} is routed again.
app.UseRouting();
app.UseRateLimiter();
app.UseAuthentication();
app.UseAuthorization();
app.Use(CommandMiddleware.InvokeAsync);

app.MapOpenApi();
app.UseSwaggerUI(o =>
{
    o.SwaggerEndpoint("/openapi/v1.json", "DxEvents v1");
    o.RoutePrefix = "docs";
});
app.MapHealthChecks("/health/live", new() { Predicate = _ => false });
app.MapHealthChecks("/health/ready", new() { Predicate = c => c.Tags.Contains("ready") });

var api = app.MapGroup("/api/{tenant}").RequireAuthorization();
PlanReads.Map(api);
DxEvents.Api.Headquarters.HeadquartersStatus.Map(api);
DxEvents.Api.Changes.PlanChangesEndpoint.Map(api);
DxEvents.Api.Audit.AuditHistory.Map(api);
DxEvents.Api.Exports.Exports.Map(api);
DxEvents.Api.Audit.VerifyEndpoints.Map(api);
DxEvents.Api.Audit.ExportEndpoint.Map(api);
DxEvents.Api.Workbooks.WorkbookEndpoints.Map(api);
DxEvents.Api.Deadlines.SubmissionReads.Map(api);
app.MapWolverineEndpoints(opts =>
{
    opts.TenantId.IsRouteArgumentNamed("tenant");
    opts.AddPolicy<CommandRules>();
});
app.MapDxWeb();
DxEvents.Api.Workbooks.WorkbookEndpoints.MapPages(app);

return await app.RunJasperFxCommands(args);

public partial class Program;
