using DxEvents.Api.Projections;
using System.Text.Json;
using DxEvents.Api.Tests.Support;

namespace DxEvents.Api.Tests;

public sealed class RevisionTests(ApiHost api) : IClassFixture<ApiHost>
{
    private const string Budget2025 = "/plans/mima-dx/measures/m01/budget/2025/revisions";
    private const string MeasureStream = "plan/mima-dx/measure/m01";

    [Fact]
    public async Task Revising_a_budget_appends_BudgetRevised_and_the_view_and_status_show_the_current_figures()
    {
        var town = await api.NewTownAsync();

        var body = await town.AcceptedAsync(await town.PostAsync(Budget2025,
            new { total = 6000, generalFunds = 3000, funding = new[] { new { source = "交付金", amount = 3000 } }, reason = "補正予算" }),
            MeasureStream, "BudgetRevised");

        Assert.Empty(body.GetProperty("warnings").EnumerateArray());
        var year = (await town.PlanViewAsync()).Measure("m01").Budget(2025);
        Assert.Equal(6000, year.GetProperty("current").GetProperty("total").GetInt64());
        Assert.Equal("補正予算", year.GetProperty("revisions")[0].Text("reason"));
        Assert.Equal(6000, (await town.StatusAsync()).MeasureStatus("m01").Budget(2025).GetProperty("current").GetInt64());
    }

    [Fact]
    public async Task General_funds_above_the_total_are_kept_with_a_warning_in_the_answer_and_the_metadata()
    {
        var town = await api.NewTownAsync();

        var body = await town.AcceptedAsync(
            await town.PostAsync(Budget2025, new { total = 1000, generalFunds = 1200, funding = Array.Empty<object>(), reason = "印刷どおり" }),
            MeasureStream, "BudgetRevised");

        Assert.Equal("/generalFunds", body.GetProperty("warnings")[0].Text("pointer"));
        var metadata = JsonDocument.Parse((await town.StreamAsync(MeasureStream))[^1].Metadata).RootElement;
        Assert.StartsWith("/generalFunds: ", metadata.GetProperty("warnings")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(1200, (await town.PlanViewAsync()).Measure("m01").Budget(2025).GetProperty("current").GetProperty("generalFunds").GetInt64());
    }

    [Fact]
    public async Task Revising_tolerances_appends_ToleranceRevised_on_the_plan_and_the_status_reports_the_new_rules()
    {
        var town = await api.NewTownAsync();

        await town.AcceptedAsync(
            await town.PostAsync("/plans/mima-dx/tolerance-revisions", new { onTrack = 0.05, atRisk = 0.2, reason = "本部会議決定" }),
            "plan/mima-dx", "ToleranceRevised");

        var tolerances = (await town.PlanViewAsync()).GetProperty("tolerances");
        Assert.Equal((0.05m, 0.2m), (tolerances.GetProperty("onTrack").GetDecimal(), tolerances.GetProperty("atRisk").GetDecimal()));
        Assert.Equal(0.05m, (await town.StatusAsync()).GetProperty("tolerances").GetProperty("onTrack").GetDecimal());
    }
}
