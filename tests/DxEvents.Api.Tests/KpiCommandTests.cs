using DxEvents.Api.Auth;
using DxEvents.Api.Tests.Support;

namespace DxEvents.Api.Tests;

public sealed class KpiCommandTests(ApiHost api) : IClassFixture<ApiHost>
{
    // k04: a level KPI of m04, target 240 in FY2025.
    private const string K04 = "/plans/mima-dx/kpis/k04";
    private const string Stream = "plan/mima-dx/kpi/k04";

    [Fact]
    public async Task Recording_a_figure_appends_KpiMeasured_and_the_view_and_status_show_the_value()
    {
        var town = await StartedAsync();

        await town.AcceptedAsync(
            await town.PostAsync($"{K04}/measurements", new { fiscalYear = 2025, quarter = 2, value = 120, note = "9月末" }, Roles.Recorder), Stream, "KpiMeasured");

        var figure = (await town.PlanViewAsync()).Kpi("k04").GetProperty("figures")[0];
        Assert.Equal((2025, 2, 120m, "9月末"),
            (figure.GetProperty("fiscalYear").GetInt32(), figure.GetProperty("quarter").GetInt32(), figure.GetProperty("value").GetDecimal(), figure.Text("note")));
        var line = (await town.StatusAsync()).KpiStatus("k04");
        Assert.Equal(120m, line.GetProperty("value").GetDecimal());
        Assert.Equal(2, line.GetProperty("latest").GetProperty("quarter").GetInt32());
    }

    [Fact]
    public async Task Correcting_a_figure_appends_KpiMeasurementCorrected_and_keeps_the_recorded_value_beside_the_new_one()
    {
        var town = await StartedAsync();
        await town.PostAsync($"{K04}/measurements", new { fiscalYear = 2025, quarter = 2, value = 120 }, Roles.Recorder);

        await town.AcceptedAsync(
            await town.PostAsync($"{K04}/measurements/2025/2/corrections", new { value = 132, reason = "集計漏れ" }, Roles.Recorder),
            Stream, "KpiMeasurementCorrected");

        var figure = (await town.PlanViewAsync()).Kpi("k04").GetProperty("figures")[0];
        Assert.Equal(132m, figure.GetProperty("value").GetDecimal());
        Assert.Equal(120m, figure.GetProperty("recordedValue").GetDecimal());
        Assert.Equal("集計漏れ", figure.GetProperty("corrections")[0].Text("reason"));
        Assert.Equal(132m, (await town.StatusAsync()).KpiStatus("k04").GetProperty("value").GetDecimal());
    }

    [Fact]
    public async Task Revising_a_target_appends_KpiTargetRevised_and_the_status_judges_by_the_new_target()
    {
        var town = await api.NewTownAsync();

        await town.AcceptedAsync(
            await town.PostAsync($"{K04}/target-revisions", new { value = 300, fiscalYear = 2026, reason = "計画期間延長" }), Stream, "KpiTargetRevised");

        var kpi = (await town.PlanViewAsync()).Kpi("k04");
        Assert.Equal((300m, 2026), (kpi.GetProperty("target").GetProperty("value").GetDecimal(), kpi.GetProperty("target").GetProperty("fiscalYear").GetInt32()));
        Assert.Equal(240m, kpi.GetProperty("plannedTarget").GetProperty("value").GetDecimal());
        Assert.Equal("計画期間延長", kpi.GetProperty("targetRevisions")[0].Text("reason"));
        Assert.Equal(300m, (await town.StatusAsync()).KpiStatus("k04").GetProperty("target").GetProperty("value").GetDecimal());
    }

    /// <summary>The status evaluates KPIs only once their measure has started.</summary>
    private async Task<Town> StartedAsync()
    {
        var town = await api.NewTownAsync();
        await town.PostAsync("/plans/mima-dx/measures/m04/start", new { on = "2023-04-01" });
        return town;
    }
}
