using System.CommandLine;
using DxEvents.Api.Infrastructure;
using DxEvents.Api.Integrity;
using DxEvents.Api.Projections;
using JasperFx.Events.Projections;
using Marten;
using Marten.Storage;
using Spectre.Console;

namespace DxEvents.Cli;

/// <summary>dxevents projections status | rebuild [name]: the async projections on Marten's daemon, rebuilt by Marten.</summary>
internal static class ProjectionCommands
{
    public static readonly IReadOnlyList<string> Names = [KpiFiguresProjection.ProjectionName, ChainSealer.Name];

    public static Command Create()
    {
        var name = new Argument<string?>("name") { Description = $"One projection ({string.Join(", ", Names)}; default: all)", Arity = ArgumentArity.ZeroOrOne };
        var rebuild = new Command("rebuild", "Empty a projection and replay every committed event into it (Marten's rebuild), showing progress") { name };
        rebuild.SetAction(async (result, ct) =>
        {
            await using var store = Database.OpenDaemon();
            // Each database has its own events, sequence and daemon (DXEVENTS_DATABASES): rebuilt one after the other.
            var databases = await store.Storage.AllDatabases();
            foreach (var database in databases)
                foreach (var projection in Select(result.GetValue(name)))
                {
                    var replayed = await RebuildAsync(store, database, projection, ct);
                    var where = databases.Count > 1 ? $" in database {ProjectionLagGauge.Name(database)}" : "";
                    AnsiConsole.MarkupLine($"[green]Rebuilt[/] {projection}{where}: up to sequence {replayed}.");
                }
            return 0;
        });

        var status = new Command("status", "Each projection's position and lag behind Marten's high-water mark");
        status.SetAction(async (_, ct) =>
        {
            await using var store = Database.OpenDaemon();
            var table = new Table().AddColumns("projection", "sequence", "high-water mark", "lag (events)");
            foreach (var lag in await ProjectionLagGauge.ReadAsync(store, ct))
                table.AddRow(lag.Database is null ? lag.Projection : $"{lag.Database}: {lag.Projection}", lag.Sequence.ToString(), lag.HighWaterMark.ToString(), lag.Events.ToString());
            AnsiConsole.Write(table);
            return 0;
        });
        var check = new Command("check", "Compare the plan view's documents with a fold of their streams; name every one that drifted (exit 1)");
        check.SetAction(async (_, ct) =>
        {
            await using var store = Database.OpenDaemon();
            var drifted = await Api.Projections.ProjectionDrift.CheckAsync(store, ct);
            foreach (var d in drifted)
                Console.WriteLine($"{d.Tenant}\t{d.Type}\t{d.Id}\t{d.Why}");
            Console.Error.WriteLine(drifted.Count == 0 ? "No drift: every document equals the fold of its stream." : $"{drifted.Count} drifted document(s).");
            return drifted.Count == 0 ? 0 : 1;
        });
        return new Command("projections", "Async projections: status, rebuild; the plan view's drift: check") { status, rebuild, check };
    }

    /// <summary>Marten rebuilds; progress is its own progress row, sampled while it runs.</summary>
    public static async Task<long> RebuildAsync(IDocumentStore store, IMartenDatabase database, string projection, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(database);
        var total = Math.Max(1, await database.FetchHighestEventSequenceNumber(ct));
        using var daemon = await store.BuildProjectionDaemonAsync(ProjectionLagGauge.Name(database));
        var running = daemon.RebuildProjectionAsync(projection, TimeSpan.FromMinutes(30), ct);
        if (!Console.IsOutputRedirected)
        {
            await AnsiConsole.Progress().Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
                .StartAsync(async progress =>
                {
                    var task = progress.AddTask(projection, maxValue: total);
                    while (!running.IsCompleted)
                    {
                        await Task.WhenAny(running, Task.Delay(250, ct));
                        task.Value = await database.ProjectionProgressFor(new ShardName(projection), ct);
                    }
                    task.Value = total;
                });
        }
        await running;
        return await database.ProjectionProgressFor(new ShardName(projection), ct);
    }

    private static IReadOnlyList<string> Select(string? name) =>
        name is null ? Names
        : Names.Contains(name) ? [name]
        : throw new ArgumentException($"No projection '{name}'; known: {string.Join(", ", Names)}.");
}
