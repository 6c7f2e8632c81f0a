using System.Net;
using System.Text.Json;
using Alba;
using DxEvents.Api.Auth;
using DxEvents.Api.Tests.Support;

namespace DxEvents.Api.Tests;

public sealed class HeadquartersTests(ApiHost api) : IClassFixture<ApiHost>
{
    /// <summary>
    /// Mima (14 measures) and the small test plan, read on 2025-11-20 (last closed quarter FY2025 Q2; e = 965 / 1096 = 0.8805 for
    /// Mima's FY2023–FY2025 KPIs). m04's k04 = 200 of 240 (p 0.8333 ≥ e − 0.10): on_track, but Q2 not recorded yet.
    /// m12's k12 sums 10 + 5 = 15 of 200 over FY2023–FY2025: off_track. small-dx's m1 started without figures: k1 and k2 no_data.
    /// </summary>
    private async Task<(Town Town, string BeforeSmallPlan)> TwoPlansAsync()
    {
        var town = await api.NewTownAsync();
        var started = await StatusAsOfTests.Write(town, "/plans/mima-dx/measures/m04/start", new { on = "2023-04-01" });
        await StatusAsOfTests.Write(town, "/plans/mima-dx/kpis/k04/measurements", new { fiscalYear = 2025, quarter = 1, value = 200 }, Roles.Recorder);
        await StatusAsOfTests.Write(town, "/plans/mima-dx/measures/m12/start", new { on = "2023-04-01" });
        await StatusAsOfTests.Write(town, "/plans/mima-dx/kpis/k12/measurements", new { fiscalYear = 2025, quarter = 1, value = 10 }, Roles.Recorder);
        await StatusAsOfTests.Write(town, "/plans/mima-dx/kpis/k12/measurements", new { fiscalYear = 2025, quarter = 2, value = 5 }, Roles.Recorder);
        await StatusAsOfTests.Write(town, "/plans/mima-dx/measures/m04/budget/2025/revisions",
            new { total = 1500, generalFunds = 1500, funding = Array.Empty<object>(), reason = "補正予算" });
        await town.ImportAsync(PlanDocuments.Small(town.Tenant), status: HttpStatusCode.Created);
        await StatusAsOfTests.Write(town, "/plans/small-dx/measures/m1/start", new { on = "2024-04-01" });
        return (town, started.RecordedAt);
    }

    private static async Task<JsonElement> Headquarters(Town town, string query = "") =>
        (await town.ReadAsync($"/headquarters/status?reportingDate=2025-11-20{query}", Roles.Headquarters)).GetProperty("status");

    private static (int, int, int, int, int, int, int) Counts(JsonElement counts) =>
        (counts.GetProperty("achieved").GetInt32(), counts.GetProperty("onTrack").GetInt32(), counts.GetProperty("atRisk").GetInt32(),
         counts.GetProperty("offTrack").GetInt32(), counts.GetProperty("noData").GetInt32(), counts.GetProperty("notStarted").GetInt32(),
         counts.GetProperty("cancelled").GetInt32());

    [Fact]
    public async Task The_rollup_lists_every_plan_and_totals_measures_and_kpis_by_status()
    {
        var (town, _) = await TwoPlansAsync();

        var status = await Headquarters(town);

        Assert.Equal(["mima-dx", "small-dx"], status.GetProperty("plans").EnumerateArray().Select(p => p.Text("planId")));
        Assert.Equal("362077", status.GetProperty("municipality").Text("code"));
        Assert.Equal("FY2025 Q2（令和7年度第2四半期）", status.GetProperty("lastClosedQuarter").Text("display"));
        // KPIs: k04 on_track, k12 off_track, Mima's other 12 not_started; small-dx's k1 and k2 no_data.
        Assert.Equal((0, 1, 0, 1, 2, 12, 0), Counts(status.GetProperty("kpis")));
        // Measures: m04 on_track, m12 off_track, 12 not_started; small-dx's m1 no_data.
        Assert.Equal((0, 1, 0, 1, 1, 12, 0), Counts(status.GetProperty("measures")));
        Assert.Equal((0, 0, 0, 0, 2, 0, 0), Counts(status.GetProperty("plans")[1].GetProperty("kpis")));
    }

    [Fact]
    public async Task Budgets_per_fiscal_year_compare_planned_and_current_across_plans_with_wareki()
    {
        var (town, _) = await TwoPlansAsync();

        var fy2025 = (await Headquarters(town)).GetProperty("budget").EnumerateArray().Single(y => y.GetProperty("fiscalYear").GetInt32() == 2025);

        // Mima FY2025 as printed: 149,606 over 11 measures (3 undetermined); small-dx 1,000; m04 revised 1,268 → 1,500.
        Assert.Equal(("令和7年度", 150606L, 150838L, 232L, 3, 3),
            (fy2025.Text("wareki"), fy2025.GetProperty("planned").GetInt64(), fy2025.GetProperty("current").GetInt64(),
             fy2025.GetProperty("difference").GetInt64(), fy2025.GetProperty("undeterminedPlanned").GetInt32(), fy2025.GetProperty("undeterminedCurrent").GetInt32()));
    }

    [Fact]
    public async Task Off_track_and_no_data_kpis_and_the_figures_still_owed_for_the_last_closed_quarter_are_listed()
    {
        var (town, _) = await TwoPlansAsync();

        var status = await Headquarters(town);

        var attention = status.GetProperty("attention").EnumerateArray().ToList();
        Assert.Equal([("mima-dx", "k12", "off_track"), ("small-dx", "k1", "no_data"), ("small-dx", "k2", "no_data")],
            attention.Select(a => (a.Text("planId"), a.Text("kpiId"), a.Text("status"))));
        Assert.Equal((15m, 0.075m, "m12", "p4"), (attention[0].GetProperty("value").GetDecimal(), attention[0].GetProperty("progress").GetDecimal(),
            attention[0].Text("measureId"), attention[0].Text("pillarId")));
        // k04 has Q1 but not Q2; k12 has Q2; small-dx's k1 (window FY2024–FY2025) and k2 (FY2024–FY2026) have nothing.
        Assert.Equal([("mima-dx", "k04"), ("small-dx", "k1"), ("small-dx", "k2")],
            status.GetProperty("figuresDue").EnumerateArray().Select(d => (d.Text("planId"), d.Text("kpiId"))));
        Assert.All(status.GetProperty("figuresDue").EnumerateArray(), d => Assert.Equal(2, d.GetProperty("quarter").GetProperty("quarter").GetInt32()));
    }

    [Fact]
    public async Task As_of_an_instant_only_what_was_known_then_counts()
    {
        var (town, beforeSmallPlan) = await TwoPlansAsync();

        var answer = await town.ReadAsync($"/headquarters/status?asOf={Uri.EscapeDataString(beforeSmallPlan)}&reportingDate=2025-11-20", Roles.Headquarters);

        // At m04's start: one plan, m04 started without figures (no_data), the other 13 measures not started.
        var status = answer.GetProperty("status");
        Assert.Equal(["mima-dx"], status.GetProperty("plans").EnumerateArray().Select(p => p.Text("planId")));
        Assert.Equal((0, 0, 0, 0, 1, 13, 0), Counts(status.GetProperty("kpis")));
        Assert.Equal(["k04"], status.GetProperty("figuresDue").EnumerateArray().Select(d => d.Text("kpiId")));
        Assert.Equal(DateTimeOffset.Parse(beforeSmallPlan, System.Globalization.CultureInfo.InvariantCulture), answer.GetProperty("asOf").GetDateTimeOffset());
    }

    [Fact]
    public async Task A_bad_date_is_400_and_without_a_key_it_is_401()
    {
        var town = await api.NewTownAsync();
        await (await town.GetAsync("/headquarters/status?reportingDate=R7-11-20", Roles.Headquarters, HttpStatusCode.BadRequest)).ProblemAsync("/reportingDate");
        await api.Host.Scenario(s =>
        {
            s.Get.Url(town.Url("/headquarters/status"));
            s.StatusCodeShouldBe(HttpStatusCode.Unauthorized);
        });
    }
}
