using DxEvents.EventStore;
using Npgsql;

namespace DxEvents.EventStore.Tests;

// Holding transactions open moves the cluster-wide horizon: run beside the daemon tests, not during them.
[Collection("daemon")]
public sealed class AuditReadingTests : IAsyncLifetime
{
    private static readonly TimeSpan Short = TimeSpan.FromMilliseconds(300);
    private static readonly TimeSpan Patient = TimeSpan.FromSeconds(20);
    private readonly ProjectionDatabase _db = new();

    public Task InitializeAsync() => _db.InitializeAsync();
    public Task DisposeAsync() => _db.DisposeAsync();

    private static async Task<List<StoredEvent>> AppendSome(EventStore store, string tenant, string stream, int count, string type = "Happened", string actor = "tester")
    {
        var stored = new List<StoredEvent>();
        for (var i = 0; i < count; i++)
            stored.AddRange((await store.AppendAsync(tenant, Make.Stream($"{stream}-{i}", ExpectedVersion.NoStream, Make.Event(type, i, actor)))).Events);
        return stored;
    }

    private static async Task<List<AuditPage>> AllPages(EventStore store, string tenant, EventFilter filter, long after, int limit)
    {
        var pages = new List<AuditPage>();
        do
        {
            pages.Add(await store.ReadPageAsync(tenant, filter, after, limit, Patient));
            after = pages[^1].Next;
        }
        while (pages[^1].More);
        return pages;
    }

    [Fact]
    public async Task Pages_follow_the_sequence_with_a_cursor_and_filters_and_the_cursor_passes_what_the_filter_left_out()
    {
        var store = new EventStore(_db.DataSource);
        var tenant = Make.Tenant();
        var plan = await AppendSome(store, tenant, "plan/a/kpi/k", 3, "KpiMeasured", "sato");
        var other = await AppendSome(store, tenant, "plan/b/kpi/k", 2, "KpiMeasured", "sato");
        var budget = await AppendSome(store, tenant, "plan/a/measure/m", 2, "BudgetRevised", "suzuki");
        await AppendSome(store, Make.Tenant(), "plan/a/kpi/k", 2, "KpiMeasured", "sato"); // another municipality

        var all = await AllPages(store, tenant, new EventFilter(), 0, 3);
        var figures = await AllPages(store, tenant, new EventFilter { StreamPrefix = "plan/a", EventTypes = ["KpiMeasured"], Actor = "sato" }, 0, 2);

        Assert.Equal([3, 3, 1], all.Select(p => p.Events.Count));
        Assert.Equal(plan.Concat(other).Concat(budget).Select(e => e.Sequence), all.SelectMany(p => p.Events).Select(e => e.Sequence));
        Assert.Equal(all[0].Events[^1].Sequence, all[0].Next);
        Assert.Equal(plan.Select(e => e.Sequence), figures.SelectMany(p => p.Events).Select(e => e.Sequence));
        Assert.Equal(budget[^1].Sequence, figures[^1].Next); // past the filtered-out tail: nothing to read again
        Assert.All(all.Concat(figures), p => Assert.False(p.Pending));
        var empty = await store.ReadPageAsync(tenant, new EventFilter(), budget[^1].Sequence, 10, Short);
        Assert.Equal((0, budget[^1].Sequence, false), (empty.Events.Count, empty.Next, empty.More));
    }

    [Fact]
    public async Task A_page_never_passes_an_append_that_commits_late()
    {
        var gate = new Gate("held");
        var (gated, store) = (new EventStore(_db.DataSource, [gate]), new EventStore(_db.DataSource));
        var tenant = Make.Tenant();
        var before = await AppendSome(store, tenant, "before", 3);
        var first = await store.ReadPageAsync(tenant, new EventFilter(), 0, 100, Patient);

        var held = Task.Run(() => gated.AppendAsync(tenant, Make.Stream("held", ExpectedVersion.NoStream, Make.Event(n: 100))));
        await gate.Entered.Task;
        // These commit at once unless the store queues a tenant's appends behind the open one; either way the page must wait.
        var appending = Task.Run(() => AppendSome(store, tenant, "after", 3));
        await Task.WhenAny(appending, Task.Delay(TimeSpan.FromSeconds(1)));
        var whileHeld = await store.ReadPageAsync(tenant, new EventFilter(), first.Next, 100, Short);
        gate.Release.SetResult();
        var heldEvent = Assert.Single((await held).Events);
        var after = await appending;
        var rest = await AllPages(store, tenant, new EventFilter(), whileHeld.Next, 100);

        Assert.Equal(before.Select(e => e.Sequence), first.Events.Select(e => e.Sequence));
        Assert.True(after.All(e => e.Sequence > heldEvent.Sequence), "the held append took its sequence first");
        // The chain queues the later appends behind the held one, so the page may find nothing new instead of waiting.
        Assert.True(whileHeld.Pending || whileHeld.Next == first.Next);
        Assert.Empty(whileHeld.Events);
        Assert.True(whileHeld.Next < heldEvent.Sequence, "the cursor stays below the open append");
        Assert.Equal(after.Prepend(heldEvent).Select(e => e.Sequence), rest.SelectMany(p => p.Events).Select(e => e.Sequence));
    }

    [Fact]
    public async Task An_older_transaction_that_takes_a_later_sequence_and_commits_first_does_not_move_the_cursor_past_an_open_one()
    {
        // The case a tx_id horizon alone misses: the committed event's transaction is older than the open one,
        // so it lies below pg_snapshot_xmin, yet its sequence is above the open transaction's.
        var gate = new Gate("held");
        var gated = new EventStore(_db.DataSource, [gate]);
        var store = new EventStore(_db.DataSource);
        var tenant = Make.Tenant();
        await using var older = await _db.DataSource.OpenConnectionAsync();
        await using var olderTx = await older.BeginTransactionAsync();
        await Execute(older, olderTx, "SELECT pg_current_xact_id()");

        var held = Task.Run(() => gated.AppendAsync(tenant, Make.Stream("held", ExpectedVersion.NoStream, Make.Event(n: 1))));
        await gate.Entered.Task;
        await Execute(older, olderTx, "SELECT set_config('dxevents.tenant', $1, true)", tenant);
        // A writer outside the store, which the chain does not serialize: placeholder chain columns, this test is about paging.
        await Execute(older, olderTx, """
            INSERT INTO dx_events (tenant_id, stream_id, version, event_id, event_type, data, metadata, recorded_at, chain_pos, hash)
            VALUES ($1, 'older', 1, gen_random_uuid(), 'Happened', '{"n":2}', '{"actor":"tester"}', now(), -1, '\x00')
            """, tenant);
        await olderTx.CommitAsync();
        var whileHeld = await store.ReadPageAsync(tenant, new EventFilter(), 0, 100, Short);
        gate.Release.SetResult();
        var heldEvent = Assert.Single((await held).Events);
        var pages = await AllPages(store, tenant, new EventFilter(), whileHeld.Next, 100);
        var olderEvent = Assert.Single(await store.ReadStreamAsync(tenant, "older"));

        Assert.True(olderEvent.Sequence > heldEvent.Sequence && olderEvent.TransactionId < heldEvent.TransactionId, "the race was staged");
        Assert.DoesNotContain(whileHeld.Events, e => e.Sequence > heldEvent.Sequence);
        Assert.True(whileHeld.Next < heldEvent.Sequence);
        Assert.Equal([heldEvent.Sequence, olderEvent.Sequence], pages.SelectMany(p => p.Events).Select(e => e.Sequence));
    }

    private static async Task Execute(NpgsqlConnection connection, NpgsqlTransaction tx, string sql, params object[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, connection, tx);
        foreach (var p in parameters)
            command.Parameters.Add(new() { Value = p });
        await command.ExecuteNonQueryAsync();
    }
}
