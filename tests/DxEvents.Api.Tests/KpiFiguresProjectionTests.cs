using DxEvents.Api.EventStore;
using DxEvents.Api.Projections;
using DxEvents.Api.Tests.Support;
using Marten;
using Marten.Events;
using Microsoft.Extensions.DependencyInjection;

namespace DxEvents.Api.Tests;

/// <summary>The async KPI figures: kept by Marten's daemon in the service, and rebuilt by Marten from zero to the same rows.</summary>
public sealed class KpiFiguresProjectionTests(ApiHost api) : IClassFixture<ApiHost>
{
    private async Task<List<string>> Rows(Town town)
    {
        await using var session = api.Services.GetRequiredService<IDocumentStore>().QuerySession(town.Tenant);
        var figures = await session.Query<KpiFigure>().ToListAsync();
        return [.. figures.OrderBy(f => f.KpiId, StringComparer.Ordinal).ThenBy(f => f.FiscalYear).ThenBy(f => f.Quarter)
            .Select(f => string.Join('|', f.KpiId, f.FiscalYear, f.Quarter, f.Value, f.FirstValue, f.Corrections, f.LastActor, f.LastSequence))];
    }

    [Fact]
    public async Task The_daemon_keeps_the_figures_and_a_rebuild_from_zero_gives_the_same_rows()
    {
        var town = await api.NewTownAsync();
        foreach (var (kpi, quarter, value) in new[] { ("k04", 1, 100), ("k04", 2, 150), ("k05", 1, 30) })
            await town.PostAsync($"/plans/mima-dx/kpis/{kpi}/measurements", new { fiscalYear = 2025, quarter, value });
        await town.PostAsync("/plans/mima-dx/kpis/k04/measurements/2025/2/corrections", new { value = 160, reason = "集計漏れ" });

        await api.ProjectedAsync();
        var live = await Rows(town);
        // Damage the rows the way a bad deploy might: a rebuild must not depend on what is there.
        await api.AdminSqlAsync("UPDATE dxevents.mt_doc_kpifigure SET data = jsonb_set(data, '{value}', '999') WHERE tenant_id = $1", town.Tenant);
        Assert.NotEqual(live, await Rows(town));
        using (var daemon = await api.Services.GetRequiredService<IDaemonStore>().BuildProjectionDaemonAsync())
            await daemon.RebuildProjectionAsync(KpiFiguresProjection.ProjectionName, TimeSpan.FromMinutes(1), CancellationToken.None);
        var rebuilt = await Rows(town);

        // Hand-written: k04 Q2 first recorded 150, corrected once to 160; the others uncorrected.
        Assert.Equal(["k04|2025|1|100|100|0", "k04|2025|2|160|150|1", "k05|2025|1|30|30|0"],
            live.Select(r => string.Join('|', r.Split('|').Take(6))));
        Assert.All(live, r => Assert.Equal("test office", r.Split('|')[6]));
        Assert.Equal(live, rebuilt);
    }

    [Fact]
    public async Task Each_figure_row_says_where_its_review_stands_and_a_rebuild_agrees()
    {
        var town = await api.NewTownAsync();
        await town.PostAsync("/plans/mima-dx/kpis/k04/measurements", new { fiscalYear = 2024, quarter = 4, value = 90 }, Auth.Roles.Recorder);
        await town.PostAsync("/figure-review", new { on = true });
        foreach (var (kpi, quarter, value) in new[] { ("k04", 1, 100), ("k04", 2, 150), ("k05", 1, 30) })
            await town.PostAsync($"/plans/mima-dx/kpis/{kpi}/measurements", new { fiscalYear = 2025, quarter, value }, Auth.Roles.Recorder);
        await town.PostAsync("/plans/mima-dx/kpis/k04/measurements/2025/2/confirm", new { value = 150 });
        await town.PostAsync("/plans/mima-dx/kpis/k05/measurements/2025/1/return", new { value = 30, reason = "根拠がありません" });

        await api.ProjectedAsync();
        async Task<List<string>> Reviews()
        {
            await using var session = api.Services.GetRequiredService<IDocumentStore>().QuerySession(town.Tenant);
            return [.. (await session.Query<KpiFigure>().ToListAsync()).OrderBy(f => f.Id, StringComparer.Ordinal).Select(f => $"{f.Id}|{f.Review}|{f.LastActor}")];
        }
        var live = await Reviews();
        Assert.Equal(["mima-dx/k04/2024/4|NotReviewed|test recorder", "mima-dx/k04/2025/1|Waiting|test recorder",
            "mima-dx/k04/2025/2|Confirmed|test office", "mima-dx/k05/2025/1|Returned|test office"], live);
        using (var daemon = await api.Services.GetRequiredService<IDaemonStore>().BuildProjectionDaemonAsync())
            await daemon.RebuildProjectionAsync(KpiFiguresProjection.ProjectionName, TimeSpan.FromMinutes(1), CancellationToken.None);
        Assert.Equal(live, await Reviews());
    }
}
