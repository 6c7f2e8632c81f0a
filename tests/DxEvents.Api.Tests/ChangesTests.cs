using System.Net;
using System.Text.Json;
using DxEvents.Api.Auth;
using DxEvents.Api.Tests.Support;

namespace DxEvents.Api.Tests;

public sealed class ChangesTests(ApiHost api) : IClassFixture<ApiHost>
{
    private static string Q(string instant) => Uri.EscapeDataString(instant);

    [Fact]
    public async Task Changes_between_two_instants_are_grouped_by_measure_with_before_and_after_and_who_and_why()
    {
        var town = await api.NewTownAsync();
        var since = await StatusAsOfTests.Write(town, "/plans/mima-dx/measures/m04/start", new { on = "2023-04-01" });
        await StatusAsOfTests.Write(town, "/plans/mima-dx/kpis/k04/measurements", new { fiscalYear = 2025, quarter = 1, value = 150 }, Roles.Recorder);
        await StatusAsOfTests.Write(town, "/plans/mima-dx/kpis/k04/measurements/2025/1/corrections", new { value = 180, reason = "集計誤り" }, Roles.Recorder);
        await StatusAsOfTests.Write(town, "/plans/mima-dx/measures/m04/budget/2025/revisions",
            new { total = 1500, generalFunds = 1400, funding = new[] { new { source = "交付金", amount = 100 } }, reason = "補正予算" });
        await StatusAsOfTests.Write(town, "/plans/mima-dx/measures/m05/start", new { on = "2025-10-01", note = "本格運用" });
        var until = await StatusAsOfTests.Write(town, "/plans/mima-dx/tolerance-revisions", new { onTrack = 0.05, atRisk = 0.2, reason = "本部会議決定" });
        await StatusAsOfTests.Write(town, "/plans/mima-dx/kpis/k04/measurements", new { fiscalYear = 2025, quarter = 2, value = 190 }, Roles.Recorder);

        var report = await town.ReadAsync($"/plans/mima-dx/changes?since={Q(since.RecordedAt)}&until={Q(until.RecordedAt)}", Roles.Headquarters);

        // The start itself is at since (excluded); the Q2 figure is after until (excluded).
        Assert.Equal(5, report.GetProperty("eventCount").GetInt32());
        var groups = report.GetProperty("groups").EnumerateArray().ToList();
        Assert.Equal([null, "m04", "m05"], groups.Select(g => g.Text("measureId")));
        Assert.Equal(("順調 0.1、要注意 0.25", "順調 0.05、要注意 0.2", "本部会議決定"), BeforeAfterWhy(groups[0].GetProperty("changes")[0]));

        var m04 = groups[1].GetProperty("changes").EnumerateArray().ToList();
        Assert.Equal(["KpiMeasured", "KpiMeasurementCorrected", "BudgetRevised"], m04.Select(c => c.Text("eventType")));
        Assert.Equal(((string?)null, "150人", (string?)null), BeforeAfterWhy(m04[0]));
        Assert.Equal(("150人", "180人", "集計誤り"), BeforeAfterWhy(m04[1]));
        Assert.Equal((150m, 180m), (m04[1].GetProperty("valueBefore").GetDecimal(), m04[1].GetProperty("valueAfter").GetDecimal()));
        Assert.Equal(("test recorder", "実績値の訂正"), (m04[1].Text("actor"), m04[1].Text("what")));
        Assert.Equal(("事業費 1,268、一般財源 1,268、補助金 0（千円）", "事業費 1,500、一般財源 1,400、交付金 100（千円）", "補正予算"), BeforeAfterWhy(m04[2]));
        Assert.Equal("test office", m04[2].Text("actor"));

        // m05 started inside the window: 未着手 → 実施中, and its status moved from not_started to no_data (no figure yet).
        var m05 = groups[2];
        Assert.Equal(("未着手", "実施中（2025-10-01）", (string?)null), BeforeAfterWhy(m05.GetProperty("changes")[0]));
        var measure = m05.GetProperty("statuses")[0];
        Assert.Equal(("measure", "not_started", "no_data", true),
            (measure.Text("subject"), measure.Text("before"), measure.Text("after"), measure.GetProperty("changed").GetBoolean()));
    }

    [Fact]
    public async Task Since_is_required_until_must_follow_it_and_an_unknown_plan_is_404()
    {
        var town = await api.NewTownAsync();
        await (await town.GetAsync("/plans/mima-dx/changes", status: HttpStatusCode.BadRequest)).ProblemAsync("/since");
        await (await town.GetAsync("/plans/mima-dx/changes?since=2025-06-01&until=2025-05-01", status: HttpStatusCode.BadRequest)).ProblemAsync("/until");
        await (await town.GetAsync("/plans/nope/changes?since=2020-01-01&until=2099-01-01", status: HttpStatusCode.NotFound)).ProblemAsync();
    }

    private static (string?, string?, string?) BeforeAfterWhy(JsonElement change) =>
        (change.Text("before"), change.Text("after"), change.Text("reason"));
}
