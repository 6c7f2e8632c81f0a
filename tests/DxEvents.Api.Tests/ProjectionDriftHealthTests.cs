using System.Net;
using Alba;
using DxEvents.Api.Projections;
using DxEvents.Api.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace DxEvents.Api.Tests;

/// <summary>
/// Issue 16, item 5: a figure changed in the plan view's table makes /health/ready degraded once the drift check has run,
/// and the check's gauge counts it; on main /health/ready stayed Healthy while the status answer showed the changed figure.
/// </summary>
public sealed class ProjectionDriftHealthTests(ApiHost api) : IClassFixture<ApiHost>
{
    [Fact]
    public async Task A_changed_plan_view_row_makes_ready_degraded_after_the_check()
    {
        var town = await api.NewTownAsync();
        await town.PostAsync("/plans/mima-dx/measures/m04/start", new { on = "2023-04-01" });
        await town.PostAsync("/plans/mima-dx/kpis/k04/measurements", new { fiscalYear = 2025, quarter = 2, value = 180 });
        var check = api.Services.GetRequiredService<ProjectionDriftCheck>();
        Assert.Empty(await check.RunOnceAsync());
        await ReadyAsync("Healthy");

        await api.AdminSqlAsync("UPDATE dxevents.mt_doc_kpipart SET data = jsonb_set(data, '{lastSequence}', '999999') WHERE tenant_id = $1 AND id = 'plan/mima-dx/kpi/k04'",
            town.Tenant);
        var drifted = await check.RunOnceAsync();

        Assert.Equal([(town.Tenant, "plan/mima-dx/kpi/k04")], drifted.Select(d => (d.Tenant, d.Id)).ToArray());
        await ReadyAsync("Degraded");
    }

    private Task ReadyAsync(string health) =>
        api.Host.Scenario(s =>
        {
            s.Get.Url("/health/ready");
            s.StatusCodeShouldBe(HttpStatusCode.OK);
            s.ContentShouldBe(health);
        });
}
