using DxEvents.Api.Projections;
using DxEvents.Api.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace DxEvents.Api.Tests;

/// <summary>
/// The figure-review setting decides whether a new figure waits for the office's review. A superuser who turned it off in its
/// row, not through the access history, would let figures skip the review unseen: the drift check names the row, as it names
/// a changed plan view part (ProjectionDriftHealthTests), and a deleted row too.
/// </summary>
public sealed class FigureReviewDriftTests(ApiHost api) : IClassFixture<ApiHost>
{
    [Fact]
    public async Task A_setting_changed_or_deleted_in_the_database_is_named_by_the_drift_check()
    {
        var town = await api.NewTownAsync();
        await town.PostAsync("/figure-review", new { on = true });
        var check = api.Services.GetRequiredService<ProjectionDriftCheck>();
        Assert.Empty(await check.RunOnceAsync());

        await api.AdminSqlAsync("UPDATE dxevents.mt_doc_figurereviewsetting SET data = jsonb_set(data, '{on}', 'false') WHERE tenant_id = $1", town.Tenant);
        var changed = Assert.Single(await check.RunOnceAsync());
        Assert.Equal((town.Tenant, nameof(FigureReviewSetting), FigureReviewSetting.Key, "differs from the fold of its stream"),
            (changed.Tenant, changed.Type, changed.Id, changed.Why));

        await api.AdminSqlAsync("DELETE FROM dxevents.mt_doc_figurereviewsetting WHERE tenant_id = $1", town.Tenant);
        var missing = Assert.Single(await check.RunOnceAsync());
        Assert.Equal((town.Tenant, FigureReviewSetting.Key), (missing.Tenant, missing.Id));
        Assert.StartsWith("missing", missing.Why, StringComparison.Ordinal);
    }
}
