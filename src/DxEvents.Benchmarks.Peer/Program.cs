using DxEvents.Benchmarks.Peer;
using JasperFx;
using Marten;
using Wolverine;
using Wolverine.Http;
using Wolverine.Marten;

// The bare Critter Stack that ./ops/bench http measures DxEvents against: Wolverine HTTP and Marten configured as in
// Wolverine's IncidentService sample, with none of DxEvents' layers.
var builder = WebApplication.CreateBuilder(args);
var connectionString = builder.Configuration["DXEVENTS_DB"]
    ?? throw new InvalidOperationException("Set DXEVENTS_DB to the peer's PostgreSQL database.");

builder.Services.AddMarten(opts => PeerStore.Configure(opts, connectionString))
    .UseLightweightSessions()
    .ApplyAllDatabaseChangesOnStartup()
    .IntegrateWithWolverine();
builder.Host.UseWolverine(opts => opts.Policies.AutoApplyTransactions());
builder.Services.AddWolverineHttp();

var app = builder.Build();
app.MapWolverineEndpoints();
return await app.RunJasperFxCommands(args);
