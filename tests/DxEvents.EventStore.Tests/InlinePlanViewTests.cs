using DxEvents.Api.EventStore;
using DxEvents.Api.Plans;
using DxEvents.Api.Projections;
using System.Globalization;
using DxEvents.Domain.Status;
using DxEvents.EventStore.Tests.Support;
using Marten;
using static DxEvents.EventStore.Tests.Support.Plans;

namespace DxEvents.EventStore.Tests;

/// <summary>The inline plan view commits with the events, and reflects every committed event.</summary>
[Collection(DaemonCollection.Name)]
public sealed class InlinePlanViewTests : IAsyncLifetime
{
    private readonly PostgresDatabase _db = new();

    public Task InitializeAsync() => _db.InitializeAsync();
    public Task DisposeAsync() => _db.DisposeAsync();

    [Fact]
    public async Task The_plan_view_changes_when_the_events_commit_and_not_when_they_roll_back()
    {
        using var store = await _db.OpenStoreAsync();
        var tenant = Tenant();
        await SeedAsync(store, tenant);
        await using var gate = await AppendGate.CloseAsync(_db);

        var held = AppendAsync(store, tenant, KpiStream("k1"), Measured("k1", 1, 10, note: "slow"));
        var doomed = AppendAsync(store, tenant, KpiStream("k2"), Measured("k2", 1, 20, note: "doomed"));
        await gate.WaitForAsync(count: 2);
        var whileOpen = await FiguresAsync(store, tenant);
        await gate.OpenAsync();
        await held;
        await Assert.ThrowsAnyAsync<Exception>(() => doomed);

        Assert.Empty(whileOpen);
        Assert.Equal(["k1 2025/1 10"], await FiguresAsync(store, tenant));
        await using var query = store.QuerySession(tenant);
        Assert.Empty(await query.Events.QueryAllRawEvents().Where(e => e.StreamKey == KpiStream("k2") && e.EventTypeName == "KpiMeasured").ToListAsync());
    }

    // Failed every run while the view was one document for the whole plan: each append folded it before the other's
    // commit and wrote it back whole, so the second to commit erased the first's figure. Now each stream has its part.
    [Fact]
    public async Task Two_appends_to_different_streams_of_one_plan_both_reach_the_plan_view()
    {
        using var store = await _db.OpenStoreAsync();
        var tenant = Tenant();
        await SeedAsync(store, tenant);
        await using var gate = await AppendGate.CloseAsync(_db);

        // The first append folds the view, then waits in its insert; the second commits meanwhile.
        var held = AppendAsync(store, tenant, KpiStream("k2"), Measured("k2", 1, 20, note: "slow"));
        await gate.WaitForAsync();
        await AppendAsync(store, tenant, KpiStream("k1"), Measured("k1", 1, 10));
        await gate.OpenAsync();
        await held;

        Assert.Equal(["k1 2025/1 10", "k2 2025/1 20"], await FiguresAsync(store, tenant));
    }

    /// <summary>Every figure in the stored plan view, "kpi fy/q value", sorted.</summary>
    private static async Task<List<string>> FiguresAsync(IDocumentStore store, string tenant)
    {
        var view = (await new PlanViews(store, new EventReads(store)).GetAsync(tenant, Plan, CancellationToken.None))!;
        return view.Kpis.SelectMany(k => k.Figures.Select(f => string.Create(CultureInfo.InvariantCulture, $"{k.KpiId} {f.FiscalYear}/{f.Quarter} {f.Value}")))
            .Order(StringComparer.Ordinal).ToList();
    }
}
