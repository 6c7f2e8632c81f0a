using DxEvents.Api.EventStore;
using DxEvents.Api.Projections;
using DxEvents.EventStore.Tests.Support;
using JasperFx;
using Marten;
using static DxEvents.EventStore.Tests.Support.Plans;

namespace DxEvents.EventStore.Tests;

/// <summary>Atomic, optimistic appends (docs/event-store.md) under contention: many writers who all saw the same version, one stream.</summary>
public sealed class ConcurrencyTests(StoreFixture fixture) : IClassFixture<StoreFixture>
{
    private const int Writers = 32;
    private readonly DocumentStore _store = fixture.Store;

    [Fact]
    public async Task Of_32_concurrent_appends_at_the_same_expected_version_exactly_one_wins()
    {
        var tenant = Tenant();
        var stream = KpiStream("k1");
        await SeedAsync(_store, tenant);
        await AppendAsync(_store, tenant, stream, Measured("k1", 1, 1));

        // Every writer fetches version 2 before any of them saves: a real race on the save, not on the fetch.
        var fetched = 0;
        var allFetched = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var outcomes = await Task.WhenAll(Enumerable.Range(1, Writers).Select(n => Task.Run(async () =>
        {
            await using var session = _store.LightweightSession(tenant);
            var writing = await session.Events.FetchForWriting<KpiStream>(stream, 2);
            if (Interlocked.Increment(ref fetched) == Writers)
                allFetched.SetResult();
            await allFetched.Task.WaitAsync(TimeSpan.FromSeconds(30));
            writing.AppendMany(Measured("k1", 2, n), Measured("k1", 3, n));
            try
            {
                await session.SaveChangesAsync();
                return n;
            }
            catch (ConcurrencyException)
            {
                return 0;
            }
        })));

        var winner = Assert.Single(outcomes, n => n > 0);
        await using var admin = await Sql.AdminAsync(fixture.Db);
        var events = await Sql.RowsAsync(admin, """
            SELECT version, data->>'value', seq_id FROM dxevents.mt_events WHERE tenant_id = $1 AND stream_id = $2 ORDER BY version
            """, tenant, stream);
        Assert.Equal([1L, 2L, 3L, 4L], events.Select(r => (long)r[0]!));
        Assert.Equal([$"{winner}", $"{winner}"], events.Skip(2).Select(r => (string)r[1]!));
        Assert.Equal(events.Select(r => (long)r[2]!).Order(), events.Select(r => (long)r[2]!));
        Assert.Equal(4L, await Sql.ScalarAsync<long>(admin, "SELECT version FROM dxevents.mt_streams WHERE tenant_id = $1 AND id = $2", tenant, stream));
        // Four seeded, one figure, the winner's two: the losers' sequence numbers hold at most the tombstones Marten
        // writes for failed appends, and no number is used twice.
        var stored = await Sql.RowsAsync(admin, "SELECT count(*), count(DISTINCT seq_id) FROM dxevents.mt_events WHERE tenant_id = $1 AND type <> 'tombstone'", tenant);
        Assert.Equal((7L, 7L), ((long)stored[0][0]!, (long)stored[0][1]!));
    }
}
