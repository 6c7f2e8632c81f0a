using DxEvents.EventStore;
using Npgsql;

namespace DxEvents.EventStore.Tests;

/// <summary>Holds an append's transaction open after its events are inserted, until released.</summary>
internal sealed class Gate(string heldStream, bool fail = false) : IInlineProjection
{
    public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public async ValueTask ApplyAsync(ProjectionContext context, IReadOnlyList<StoredEvent> events, CancellationToken ct)
    {
        if (events.All(e => e.StreamId != heldStream))
            return;
        Entered.SetResult();
        await Release.Task;
        if (fail)
            throw new InvalidOperationException("rolled back on purpose");
    }
}

// The daemon's horizon is cluster-wide, so these tests run one at a time to keep their waits short.
[CollectionDefinition("daemon", DisableParallelization = true)]
public sealed class DaemonCollection;

[Collection("daemon")]
public sealed class DaemonTests : IAsyncLifetime
{
    private readonly ProjectionDatabase _db = new();
    private static readonly DaemonOptions Fast = new() { PollInterval = TimeSpan.FromMilliseconds(20), LeaderRetryInterval = TimeSpan.FromMilliseconds(100), BatchSize = 7 };

    public Task InitializeAsync() => _db.InitializeAsync();
    public Task DisposeAsync() => _db.DisposeAsync();

    private async Task<List<string>> CaughtUp(ProjectionDaemon daemon, RowProjection projection, int expected)
    {
        // Other sessions on the cluster may briefly hold the horizon back: poll, don't assume.
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            await daemon.CatchUpAsync(projection);
            var rows = await projection.RowsAsync(_db.DataSource);
            if (rows.Count >= expected || DateTime.UtcNow > deadline)
                return rows;
            await Task.Delay(25);
        }
    }

    private static async Task<List<StoredEvent>> AppendSome(EventStore store, string tenant, string stream, int count)
    {
        var stored = new List<StoredEvent>();
        for (var i = 0; i < count; i++)
            stored.AddRange((await store.AppendAsync(tenant, Make.Stream($"{stream}-{i}", ExpectedVersion.NoStream, Make.Event(n: i)))).Events);
        return stored;
    }

    [Fact]
    public async Task An_append_that_commits_late_is_projected_once_and_the_daemon_never_passes_it()
    {
        var gate = new Gate("held");
        var gated = new EventStore(_db.DataSource, [gate]);
        var store = new EventStore(_db.DataSource);
        var projection = new RowProjection("skip-race");
        var daemon = new ProjectionDaemon(_db.DataSource, [projection], Fast);
        var tenant = Make.Tenant();
        var before = await AppendSome(store, tenant, "before", 3);

        var held = Task.Run(() => gated.AppendAsync(tenant, Make.Stream("held", ExpectedVersion.NoStream, Make.Event(n: 100))));
        await gate.Entered.Task;
        // Another municipality: one municipality's appends queue behind its chain head, so a late commit comes from another.
        var after = await AppendSome(store, Make.Tenant(), "after", 5);
        await daemon.CatchUpAsync(projection);
        var whileHeld = await projection.RowsAsync(_db.DataSource);

        gate.Release.SetResult();
        var heldEvent = Assert.Single((await held).Events);
        var rows = await CaughtUp(daemon, projection, 9);

        Assert.Subset(before.Select(e => e.Sequence).ToHashSet(), whileHeld.Select(SequenceOf).ToHashSet());
        Assert.DoesNotContain(whileHeld, r => after.Any(e => e.Sequence == SequenceOf(r)));
        Assert.True(after.All(e => e.Sequence > heldEvent.Sequence), "the held append took its sequence number first");
        Assert.Equal(before.Concat(after).Append(heldEvent).Select(e => e.Sequence).Order(), rows.Select(SequenceOf).Order());
    }

    [Fact]
    public async Task The_daemon_moves_on_after_a_rolled_back_append()
    {
        var gate = new Gate("doomed", fail: true);
        var gated = new EventStore(_db.DataSource, [gate]);
        var store = new EventStore(_db.DataSource);
        var projection = new RowProjection("rollback");
        var daemon = new ProjectionDaemon(_db.DataSource, [projection], Fast);
        var tenant = Make.Tenant();

        var doomed = Task.Run(() => gated.AppendAsync(tenant, Make.Stream("doomed", ExpectedVersion.NoStream, Make.Event())));
        await gate.Entered.Task;
        // Another municipality: one municipality's appends queue behind its chain head.
        var committed = await AppendSome(store, Make.Tenant(), "ok", 4);
        gate.Release.SetResult();
        await Assert.ThrowsAsync<InvalidOperationException>(() => doomed);

        var rows = await CaughtUp(daemon, projection, 4);
        Assert.Equal(committed.Select(e => e.Sequence), rows.Select(SequenceOf));
        Assert.Equal(0, (await daemon.GetLagAsync(projection)).Events);
    }

    [Fact]
    public async Task An_idle_transaction_delays_the_daemon_as_lag_and_it_moves_on_when_the_session_ends()
    {
        var store = new EventStore(_db.DataSource);
        var projection = new RowProjection("idle");
        var daemon = new ProjectionDaemon(_db.DataSource, [projection], Fast);
        var tenant = Make.Tenant();

        var idle = await _db.DataSource.OpenConnectionAsync();
        var idleTx = await idle.BeginTransactionAsync();
        await using (var xid = new NpgsqlCommand("SELECT pg_current_xact_id()", idle, idleTx))
            await xid.ExecuteScalarAsync();
        var committed = await AppendSome(store, tenant, "late", 3);
        await daemon.CatchUpAsync(projection);
        var whileIdle = await projection.RowsAsync(_db.DataSource);
        var lag = await daemon.GetLagAsync(projection);

        await idleTx.DisposeAsync();
        await idle.DisposeAsync();
        var rows = await CaughtUp(daemon, projection, 3);

        Assert.Empty(whileIdle);
        Assert.Equal(3, lag.Events);
        Assert.True(lag.Seconds >= 0);
        Assert.Equal(committed.Select(e => e.Sequence), rows.Select(SequenceOf));
    }

    [Fact]
    public async Task Rebuilding_from_zero_gives_the_rows_maintained_live()
    {
        var store = new EventStore(_db.DataSource);
        var projection = new RowProjection("rebuild");
        var daemon = new ProjectionDaemon(_db.DataSource, [projection], Fast);
        using var cts = new CancellationTokenSource();
        var running = daemon.RunAsync(cts.Token);

        var writers = Enumerable.Range(0, 4).Select(w => Task.Run(async () =>
        {
            var tenant = $"w-{w}-{Guid.NewGuid():N}"[..20];
            for (var i = 0; i < 25; i++)
                await store.AppendAsync(tenant, Make.Stream($"s-{i % 3}", ExpectedVersion.Any, Make.Event(n: i), Make.Event(n: i + 1)));
        }));
        await Task.WhenAll(writers);
        var live = await CaughtUp(daemon, projection, 200);
        await cts.CancelAsync();
        await running;

        var reported = new List<long>();
        var replayed = await daemon.RebuildAsync(projection, new Progress<long>(reported.Add));
        var rebuilt = await projection.RowsAsync(_db.DataSource);

        Assert.Equal(200, live.Count);
        Assert.Equal(200, replayed);
        Assert.Equal(live, rebuilt);
    }

    [Fact]
    public async Task Exactly_one_daemon_leads_and_a_standby_takes_over_when_the_leader_dies()
    {
        var store = new EventStore(_db.DataSource);
        var projection = new RowProjection("leader");
        var (first, second) = (new ProjectionDaemon(_db.DataSource, [projection], Fast), new ProjectionDaemon(_db.DataSource, [projection], Fast));
        using var cts = new CancellationTokenSource();
        var runs = new[] { first.RunAsync(cts.Token), second.RunAsync(cts.Token) };
        await Until(() => first.IsLeader || second.IsLeader);
        for (var i = 0; i < 10; i++, await Task.Delay(30))
            Assert.True(first.IsLeader ^ second.IsLeader, "exactly one leader");
        var (leader, standby) = first.IsLeader ? (first, second) : (second, first);

        var leaderPid = await _db.ScalarAsync<int>("""
            SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted
              AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
            """);
        await _db.ScalarAsync<bool>("SELECT pg_terminate_backend($1)", leaderPid);
        await Until(() => standby.IsLeader);
        var tenant = Make.Tenant();
        var appended = await AppendSome(store, tenant, "after-failover", 5);
        await Until(async () => (await projection.RowsAsync(_db.DataSource)).Count == 5);

        await cts.CancelAsync();
        await Task.WhenAll(runs);
        Assert.Equal(appended.Select(e => e.Sequence), (await projection.RowsAsync(_db.DataSource)).Select(SequenceOf));
        Assert.False(leader.IsLeader);
    }

    private static long SequenceOf(string row) => long.Parse(row.Split('|')[1], System.Globalization.CultureInfo.InvariantCulture);

    private static Task Until(Func<bool> condition) => Until(() => Task.FromResult(condition()));

    private static async Task Until(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not met within 20 s");
            await Task.Delay(25);
        }
    }
}
