using DxEvents.Api.Projections;
using DxEvents.EventStore.Tests.Support;
using Marten;
using static DxEvents.EventStore.Tests.Support.Plans;

namespace DxEvents.EventStore.Tests;

/// <summary>
/// Issue 16, item 5: a plan view part (what status answers and pages read) changed or removed in the database is named by
/// the drift check, which folds each stream again with the same code; on main nothing compared them.
/// </summary>
public sealed class ProjectionDriftTests : IAsyncLifetime
{
    private readonly PostgresDatabase _db = new();
    private DocumentStore _store = null!;

    public async Task InitializeAsync()
    {
        await _db.InitializeAsync();
        _store = await _db.OpenStoreAsync();
    }

    public async Task DisposeAsync()
    {
        _store.Dispose();
        await _db.DisposeAsync();
    }

    [Fact]
    public async Task A_part_changed_or_removed_in_the_database_is_named_and_untouched_parts_are_not()
    {
        var (changed, untouched) = (Tenant(), Tenant());
        foreach (var tenant in new[] { changed, untouched })
        {
            await SeedAsync(_store, tenant);
            await AppendAsync(_store, tenant, KpiStream("k1"), Measured("k1", 1, 10));
        }
        using var daemonStore = await _db.OpenStoreAsync(daemonRole: true);
        Assert.Empty(await ProjectionDrift.CheckAsync(daemonStore));

        await Sql.AsAdminAsync(_db, "UPDATE dxevents.mt_doc_kpipart SET data = jsonb_set(data, '{lastSequence}', '999999') WHERE tenant_id = $1 AND id = $2",
            changed, KpiStream("k1"));
        await Sql.AsAdminAsync(_db, "DELETE FROM dxevents.mt_doc_measurepart WHERE tenant_id = $1 AND id = $2", changed, MeasureStream());
        var drifted = await ProjectionDrift.CheckAsync(daemonStore);

        Assert.Equal(
            [(changed, "KpiPart", KpiStream("k1"), "differs"), (changed, "MeasurePart", MeasureStream(), "missing")],
            drifted.Select(d => (d.Tenant, d.Type, d.Id, d.Why.Split(' ', ':')[0])).OrderBy(d => d.Type, StringComparer.Ordinal).ToArray());
    }
}
