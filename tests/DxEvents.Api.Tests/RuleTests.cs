using System.Net;
using DxEvents.Api.Auth;
using DxEvents.Api.Tests.Support;

namespace DxEvents.Api.Tests;

public sealed class RuleTests(ApiHost api) : IClassFixture<ApiHost>
{
    private const string K04 = "/plans/mima-dx/kpis/k04";

    [Fact]
    public async Task A_second_figure_for_the_same_quarter_is_409_pointing_to_a_correction()
    {
        var town = await api.NewTownAsync();
        await town.PostAsync($"{K04}/measurements", new { fiscalYear = 2025, quarter = 2, value = 120 }, Roles.Recorder);

        var problem = await town.RefusedAsync(
            () => town.PostAsync($"{K04}/measurements", new { fiscalYear = 2025, quarter = 2, value = 125 }, Roles.Recorder, HttpStatusCode.Conflict),
            "/quarter");

        Assert.Contains("訂正", problem.Text("detail"), StringComparison.Ordinal);
        Assert.Equal(town.Url("/plans/mima-dx/kpis/k04/measurements/2025/2/corrections"), problem.GetProperty("links").Text("correction"));
        Assert.Equal("figure-already-recorded", problem.Text("code"));
    }

    [Theory]
    [InlineData("""{ "value": 130 }""")]
    [InlineData("""{ "value": 130, "reason": "  " }""")]
    public async Task A_correction_without_a_reason_is_422_on_reason(string body)
    {
        var town = await api.NewTownAsync();
        await town.PostAsync($"{K04}/measurements", new { fiscalYear = 2025, quarter = 2, value = 120 }, Roles.Recorder);

        await town.RefusedAsync(() => town.PostAsync($"{K04}/measurements/2025/2/corrections", body, Roles.Recorder, HttpStatusCode.UnprocessableEntity),
            "/reason");
    }

    [Fact]
    public async Task Starting_a_measure_twice_is_409()
    {
        var town = await api.NewTownAsync();
        await town.PostAsync("/plans/mima-dx/measures/m01/start", new { on = "2025-04-01" });

        await town.RefusedAsync(() => town.PostAsync("/plans/mima-dx/measures/m01/start", new { on = "2025-05-01" }, status: HttpStatusCode.Conflict),
            "/measureId");
    }

    [Fact]
    public async Task A_figure_for_a_quarter_that_has_not_started_is_422_on_quarter()
    {
        var town = await api.NewTownAsync();

        var problem = await town.RefusedAsync(() => town.PostAsync($"{K04}/measurements", new { fiscalYear = 2025, quarter = 4, value = 1 }, Roles.Recorder,
            HttpStatusCode.UnprocessableEntity), "/quarter");

        Assert.Contains("2026年1月1日", problem.Text("detail"), StringComparison.Ordinal);
        Assert.Equal("quarter-not-started", problem.Text("code"));
    }

    [Fact]
    public async Task The_current_quarter_already_takes_a_figure()
    {
        var town = await api.NewTownAsync();

        await town.AcceptedAsync(await town.PostAsync($"{K04}/measurements", new { fiscalYear = 2025, quarter = 3, value = 1 }, Roles.Recorder),
            "plan/mima-dx/kpi/k04", "KpiMeasured");
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(2)]
    [InlineData(-1)]
    public async Task A_milestone_figure_other_than_0_or_1_is_422_on_value(decimal value)
    {
        var town = await api.NewTownAsync(sample: null);
        await town.ImportAsync(PlanDocuments.Small(town.Tenant));

        await town.RefusedAsync(() => town.PostAsync("/plans/small-dx/kpis/k1/measurements", new { fiscalYear = 2025, quarter = 2, value },
            status: HttpStatusCode.UnprocessableEntity), "/value");
        await town.AcceptedAsync(await town.PostAsync("/plans/small-dx/kpis/k1/measurements", new { fiscalYear = 2025, quarter = 2, value = 1 }),
            "plan/small-dx/kpi/k1", "KpiMeasured");
    }

    [Fact]
    public async Task Figures_near_the_decimal_limit_are_refused_by_their_bound_and_never_break_the_plan_status()
    {
        var town = await api.NewTownAsync(sample: null);
        await town.ImportAsync(PlanDocuments.Small(town.Tenant));
        await town.PostAsync("/plans/small-dx/measures/m1/start", new { on = "2024-04-01" });

        foreach (var quarter in new[] { 1, 2 })
            await town.RefusedAsync(() => town.PostAsync("/plans/small-dx/kpis/k2/measurements", $$"""{ "fiscalYear": 2025, "quarter": {{quarter}}, "value": 5e28 }""",
                status: HttpStatusCode.BadRequest), "/value");

        await town.GetAsync("/plans/small-dx/status", status: HttpStatusCode.OK);
    }
}
