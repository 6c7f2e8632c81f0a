using System.CommandLine;
using DxEvents.Api.Projections;
using DxEvents.EventStore;
using Spectre.Console;

namespace DxEvents.Cli;

/// <summary>dxevents projections status | rebuild [name]: the async projections the service's daemon keeps.</summary>
internal static class ProjectionCommands
{
    public static Command Create()
    {
        var name = new Argument<string?>("name") { Description = "One projection (default: all)", Arity = ArgumentArity.ZeroOrOne };
        var rebuild = new Command("rebuild", "Empty a projection and replay every committed event into it, showing progress") { name };
        rebuild.SetAction(async (result, ct) =>
        {
            await using var dataSource = Database.Open();
            await Database.MigrateAsync(dataSource, ct);
            var daemon = new ProjectionDaemon(dataSource, DaemonHost.All());
            var chosen = Select(daemon, result.GetValue(name));
            foreach (var projection in chosen)
            {
                var total = Math.Max(1, await TotalEventsAsync(dataSource, ct));
                var replayed = 0;
                await AnsiConsole.Progress().Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
                    .StartAsync(async progress =>
                    {
                        var task = progress.AddTask(projection.Name, maxValue: total);
                        replayed = await daemon.RebuildAsync(projection, new Progress<long>(done => task.Value = done), ct);
                        task.Value = total;
                    });
                AnsiConsole.MarkupLine($"[green]Rebuilt[/] {projection.Name}: {replayed} events replayed.");
            }
            return 0;
        });

        var status = new Command("status", "Checkpoint and lag of each projection");
        status.SetAction(async (_, ct) =>
        {
            await using var dataSource = Database.Open();
            var daemon = new ProjectionDaemon(dataSource, DaemonHost.All());
            var table = new Table().AddColumns("projection", "lag (events)", "lag (seconds)", "checkpoint");
            foreach (var projection in daemon.Projections)
            {
                var lag = await daemon.GetLagAsync(projection, ct);
                table.AddRow(lag.Projection, lag.Events.ToString(), lag.Seconds.ToString("F1"), $"tx {lag.Checkpoint.TransactionId} / seq {lag.Checkpoint.Sequence}");
            }
            AnsiConsole.Write(table);
            return 0;
        });
        return new Command("projections", "Async projections: status, rebuild") { status, rebuild };
    }

    private static IReadOnlyList<IAsyncProjection> Select(ProjectionDaemon daemon, string? name) =>
        name is null ? daemon.Projections
        : daemon.Projections.Where(p => p.Name == name).ToList() is { Count: > 0 } one ? one
        : throw new ArgumentException($"No projection '{name}'; known: {string.Join(", ", daemon.Projections.Select(p => p.Name))}.");

    private static async Task<long> TotalEventsAsync(Npgsql.NpgsqlDataSource dataSource, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        await using (var scope = new Npgsql.NpgsqlCommand("SELECT set_config('dxevents.scope', 'all', true)", connection, tx))
            await scope.ExecuteNonQueryAsync(ct);
        await using var count = new Npgsql.NpgsqlCommand("SELECT count(*) FROM dx_events", connection, tx);
        return (long)(await count.ExecuteScalarAsync(ct))!;
    }
}
