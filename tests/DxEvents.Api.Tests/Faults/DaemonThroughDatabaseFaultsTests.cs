using System.Diagnostics;
using DxEvents.Api.Auth;
using DxEvents.Api.EventStore;
using DxEvents.Api.Projections;
using DxEvents.Api.Tests.Support;
using Marten.Events;
using Marten;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace DxEvents.Api.Tests.Faults;

/// <summary>The service whose watchdog calls a projection stalled after 3 s without progress (10 s in production).</summary>
public sealed class QuickWatchdogApiHost : ApiHost
{
    protected override void Configure(IWebHostBuilder builder) => builder.UseSetting(ProjectionWatchdog.StallSecondsSetting, "3");
}

/// <summary>
/// Issue 16, item 1: PostgreSQL goes away under load (every backend of the database terminated and new connections refused
/// for a few seconds) and comes back while the service keeps running. Marten's daemon pauses its shards on the failed batch;
/// the async projections must catch up without a restart, every event sealed and projected exactly once.
/// </summary>
public sealed class DaemonThroughDatabaseFaultsTests(QuickWatchdogApiHost api) : IClassFixture<QuickWatchdogApiHost>
{
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(4);

    [Fact]
    public async Task After_the_database_drops_every_connection_mid_load_the_projections_and_the_chain_catch_up_exactly_once()
    {
        var town = await api.NewTownAsync();
        foreach (var (kpi, quarter, value) in new[] { ("k04", 1, 100), ("k04", 2, 150), ("k05", 1, 30) })
            await town.PostAsync($"/plans/mima-dx/kpis/{kpi}/measurements", new { fiscalYear = 2025, quarter, value });
        await town.KeyAsync(Roles.Office);
        await api.ProjectedAsync();

        // Corrections may repeat without end: a steady load of writes, some of them in flight when the connections drop.
        using var stop = new CancellationTokenSource();
        var accepted = 0;
        var refusals = new System.Collections.Concurrent.ConcurrentBag<string>();
        var load = Task.WhenAll(Enumerable.Range(0, 4).Select(writer => Task.Run(async () =>
        {
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                try
                {
                    var answer = await town.SendAsync(Roles.Office, s =>
                    {
                        // Every value sent is unique, so no correction legitimately "changes nothing": any 4xx is a refusal the outage caused.
                        s.Post.JsonBody(new { value = 200 + (4 * i) + writer, reason = $"再集計 {writer}-{i}" })
                            .ToUrl(town.Url($"/plans/mima-dx/kpis/k04/measurements/2025/{1 + writer % 2}/corrections"));
                        s.IgnoreStatusCode();
                    });
                    if (answer.Context.Response.StatusCode == 200)
                        Interlocked.Increment(ref accepted);
                    else if (answer.Context.Response.StatusCode is >= 400 and < 500)
                        refusals.Add($"{answer.Context.Response.StatusCode} {await answer.ReadAsTextAsync()}");
                }
                catch (Exception) when (!stop.IsCancellationRequested)
                {
                    // A write may fail in any way while the database is away; only the history counts afterwards.
                }
            }
        })));
        await Until(() => Volatile.Read(ref accepted) >= 20, TimeSpan.FromSeconds(60));
        // Both shards caught mid-batch when the connections drop, whatever the timing: each waits on a row an administrator
        // holds (the municipality's chain head, a figure) until the outage ends its connection.
        await using var holder = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(api.Database.AdminConnectionString!) { Pooling = false }.ConnectionString);
        await holder.OpenAsync();
        await using var held = await holder.BeginTransactionAsync();
        foreach (var table in new[] { "dx_chain_heads", "mt_doc_kpifigure" })
        {
            await using var hold = new NpgsqlCommand($"SELECT 1 FROM dxevents.{table} WHERE tenant_id = $1 FOR UPDATE", holder, held);
            hold.Parameters.Add(new() { Value = town.Tenant });
            await hold.ExecuteNonQueryAsync();
        }
        await Until(ShardsWaitingAsync, TimeSpan.FromSeconds(60));
        // Never silent: from the outage on, while a shard waits below the high-water mark, /health/ready's projection check
        // says degraded.
        var watchdog = api.Services.GetRequiredService<ProjectionWatchdog>();
        var degraded = false;
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                degraded |= (await watchdog.CheckHealthAsync(new())).Status == HealthStatus.Degraded;
                await Task.Delay(50);
            }
        });
        await DatabaseAwayAsync(Outage);
        var afterOutage = Volatile.Read(ref accepted);
        await Until(() => Volatile.Read(ref accepted) >= afterOutage + 20, TimeSpan.FromSeconds(60));
        await stop.CancelAsync();
        await load;

        var caughtUp = Stopwatch.StartNew();
        await api.Services.GetRequiredService<IDaemonStore>().WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(45));
        caughtUp.Stop();
        await sampling.CancelAsync();
        await sampler;

        var events = await town.HistoryAsync();
        var figures = await FiguresAsync(town);
        var verify = await town.ReadAsync("/audit/verify", Roles.Auditor);
        Assert.Equal((true, events.Count), (verify.GetProperty("ok").GetBoolean(), verify.GetProperty("count").GetInt32()));
        Assert.Equal(events.Count(e => e.EventType == "KpiMeasured"), figures.Count);
        Assert.Equal(events.Count(e => e.EventType == "KpiMeasurementCorrected"), figures.Sum(f => f.Corrections));
        Assert.Equal(events.Where(e => e.StreamId.EndsWith("/kpi/k04", StringComparison.Ordinal)).Max(e => e.Sequence), figures.Max(f => f.LastSequence));
        Assert.True(degraded, $"caught up in {caughtUp.Elapsed.TotalSeconds:F1} s without a stall reported");
        // A 4xx is final for a client (it does not resend): the outage may answer 5xx or nothing, never a refusal.
        Assert.True(refusals.IsEmpty, string.Join("\n", refusals));
    }

    private async Task<List<KpiFigure>> FiguresAsync(Town town)
    {
        await using var session = api.Services.GetRequiredService<IDocumentStore>().QuerySession(town.Tenant);
        return [.. await session.Query<KpiFigure>().ToListAsync()];
    }

    /// <summary>Every backend of the test database terminated and new connections refused for <paramref name="outage"/>, as a
    /// server restart would, without touching the cluster the other test classes share.</summary>
    private async Task DatabaseAwayAsync(TimeSpan outage)
    {
        var admin = new NpgsqlConnectionStringBuilder(api.Database.AdminConnectionString ?? throw new InvalidOperationException("Set DXEVENTS_DB_ADMIN (./ops/test does)."))
        { Database = "postgres", Pooling = false }.ConnectionString;
        await using var connection = new NpgsqlConnection(admin);
        await connection.OpenAsync();
        async Task Sql(string sql)
        {
            await using var command = new NpgsqlCommand(sql, connection);
            await command.ExecuteNonQueryAsync();
        }
        await Sql($"ALTER DATABASE {api.Database.Name} WITH ALLOW_CONNECTIONS false");
        try
        {
            var away = Stopwatch.StartNew();
            while (away.Elapsed < outage)
            {
                // The waiting ones first, so that none gets its row when the holder goes.
                await Sql($"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{api.Database.Name}' AND wait_event_type = 'Lock'");
                await Sql($"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{api.Database.Name}' AND pid <> pg_backend_pid()");
                await Task.Delay(200);
            }
        }
        finally
        {
            await Sql($"ALTER DATABASE {api.Database.Name} WITH ALLOW_CONNECTIONS true");
        }
    }

    /// <summary>Both shards queued on the held rows: the sealer on the chain head, the figures on a figure row. Only their
    /// queries count — the test's own writers queue on their streams' locks too, and counting them let the outage miss a shard.</summary>
    private async Task<bool> ShardsWaitingAsync()
    {
        await using var connection = new NpgsqlConnection(api.Database.AdminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT count(*) FILTER (WHERE query ILIKE '%dx_chain_heads%') > 0 AND count(*) FILTER (WHERE query ILIKE '%kpifigure%') > 0 "
            + "FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()", connection);
        return (bool)(await command.ExecuteScalarAsync())!;
    }

    private static Task Until(Func<bool> condition, TimeSpan timeout) => Until(() => Task.FromResult(condition()), timeout);

    private static async Task Until(Func<Task<bool>> condition, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            if (clock.Elapsed > timeout)
                throw new TimeoutException($"Not within {timeout.TotalSeconds:F0} s.");
            await Task.Delay(100);
        }
    }
}
