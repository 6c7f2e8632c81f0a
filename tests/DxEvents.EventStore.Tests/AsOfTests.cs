using System.Globalization;
using DxEvents.Api.EventStore;
using DxEvents.Api.Projections;
using DxEvents.EventStore.Tests.Support;
using static DxEvents.EventStore.Tests.Support.Plans;

namespace DxEvents.EventStore.Tests;

/// <summary>
/// Time travel (docs/event-store.md): a past as-of answer never changes. An append takes its sequence and its recorded-at before it commits,
/// so an append still open at T may commit later with a recorded-at before T. EventReads reads only what Marten's
/// high-water mark has settled, waiting for appends in flight when the read began: here the first read waits for the
/// open append and includes it, and a second read after the commit is the same.
/// </summary>
[Collection(DaemonCollection.Name)]
public sealed class AsOfTests : IAsyncLifetime
{
    private readonly PostgresDatabase _db = new();

    public Task InitializeAsync() => _db.InitializeAsync();
    public Task DisposeAsync() => _db.DisposeAsync();

    [Fact]
    public async Task An_as_of_read_taken_while_an_earlier_append_is_open_waits_for_it_and_reads_the_same_after_it_commits()
    {
        using var store = await _db.OpenStoreAsync();
        await using var daemon = await Daemon.StartAsync(_db);
        var tenant = Tenant();
        await SeedAsync(store, tenant);
        await AppendAsync(store, tenant, KpiStream("k1"), Measured("k1", 1, 10));
        await using var gate = await AppendGate.CloseAsync(_db);
        var held = AppendAsync(store, tenant, KpiStream("k2"), Measured("k2", 1, 20, note: "slow"));
        await gate.WaitForAsync();
        await AppendAsync(store, tenant, KpiStream("k1"), Measured("k1", 2, 30));
        var asOf = DateTimeOffset.UtcNow;
        var reads = new EventReads(store);

        // Nothing is settled past the open append: a read that did not wait could only leave it out.
        Assert.Null(await reads.SettledHorizonAsync(tenant, TimeSpan.FromMilliseconds(300)));
        // The read begins while the append is open; the append commits within the read's wait (5 s).
        var opening = Task.Run(async () =>
        {
            await Task.Delay(TimeSpan.FromSeconds(1));
            await gate.OpenAsync();
        });
        var first = await ReadAsOfAsync(reads, tenant, asOf);
        await opening;
        await held;
        var second = await ReadAsOfAsync(reads, tenant, asOf);

        Assert.Equal(first, second);
        // Hand-computed, in sequence order: the seed, 10, the held 20 (its sequence came before 30's), 30.
        Assert.Equal(
        [
            "PlanAdopted", "MeasureRegistered", "KpiDefined k1", "KpiDefined k2",
            "KpiMeasured k1 10", "KpiMeasured k2 20", "KpiMeasured k1 30",
        ], first);
    }

    private static async Task<List<string>> ReadAsOfAsync(EventReads reads, string tenant, DateTimeOffset asOf)
    {
        var events = new List<string>();
        await foreach (var e in reads.ReadSettledAsync(tenant, new EventFilter { RecordedUntil = asOf }))
            events.Add(e.Data switch
            {
                Domain.Kpis.KpiMeasured m => string.Create(CultureInfo.InvariantCulture, $"KpiMeasured {m.KpiId} {m.Value}"),
                Domain.Kpis.KpiDefined d => $"KpiDefined {d.KpiId}",
                _ => e.EventTypeName,
            });
        return events;
    }
}
