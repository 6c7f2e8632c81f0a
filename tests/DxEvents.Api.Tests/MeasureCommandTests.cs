using DxEvents.Api.Auth;
using DxEvents.Api.Tests.Support;

namespace DxEvents.Api.Tests;

public sealed class MeasureCommandTests(ApiHost api) : IClassFixture<ApiHost>
{
    private const string M01 = "/plans/mima-dx/measures/m01";
    private const string Stream = "plan/mima-dx/measure/m01";

    [Fact]
    public async Task Starting_a_measure_appends_MeasureStarted_and_the_view_and_status_show_it_started()
    {
        var town = await api.NewTownAsync();
        Assert.Equal("not_started", (await town.StatusAsync()).MeasureStatus("m01").Text("status"));

        var body = await town.AcceptedAsync(
            await town.PostAsync($"{M01}/start", new { on = "2025-10-01", note = "第3四半期から" }, Roles.Recorder), Stream, "MeasureStarted");

        var measure = (await town.PlanViewAsync()).Measure("m01");
        Assert.Equal("started", measure.Text("lifecycle"));
        Assert.Equal("2025-10-01", measure.Text("startedOn"));
        Assert.Equal("第3四半期から", measure.GetProperty("lifecycleHistory")[0].Text("text"));
        var status = (await town.StatusAsync()).MeasureStatus("m01");
        Assert.Equal("started", status.Text("lifecycle"));
        Assert.NotEqual("not_started", status.Text("status"));
        Assert.Equal(body.GetProperty("events")[0].GetProperty("sequence").GetInt64(), (await town.PlanViewAsync()).GetProperty("lastSequence").GetInt64());
    }

    [Fact]
    public async Task Suspend_resume_and_complete_each_append_their_event_and_move_the_version_on()
    {
        var town = await api.NewTownAsync();
        await town.AcceptedAsync(await town.PostAsync($"{M01}/start", new { on = "2025-04-01" }), Stream, "MeasureStarted");

        var suspended = await town.AcceptedAsync(await town.PostAsync($"{M01}/suspend", new { on = "2025-06-01", reason = "予算凍結" }), Stream, "MeasureSuspended");
        var resumed = await town.AcceptedAsync(await town.PostAsync($"{M01}/resume", new { on = "2025-08-01", reason = "補正予算" }), Stream, "MeasureResumed");
        await town.AcceptedAsync(await town.PostAsync($"{M01}/complete", new { on = "2025-11-01", reason = "導入完了" }, Roles.Recorder), Stream, "MeasureCompleted");

        Assert.Equal(suspended.GetProperty("version").GetInt64() + 1, resumed.GetProperty("version").GetInt64());
        var measure = (await town.PlanViewAsync()).Measure("m01");
        Assert.Equal("completed", measure.Text("lifecycle"));
        Assert.Equal(["started", "suspended", "started", "completed"],
            measure.GetProperty("lifecycleHistory").EnumerateArray().Select(c => c.Text("to")));
        Assert.Equal("補正予算", measure.GetProperty("lifecycleHistory")[2].Text("text"));
        Assert.Equal("completed", (await town.StatusAsync()).MeasureStatus("m01").Text("lifecycle"));
    }

    [Fact]
    public async Task Cancelling_a_planned_measure_appends_MeasureCancelled_and_the_status_says_cancelled()
    {
        var town = await api.NewTownAsync();

        await town.AcceptedAsync(await town.PostAsync($"{M01}/cancel", new { on = "2025-05-01", reason = "事業統合" }), Stream, "MeasureCancelled");

        Assert.Equal("cancelled", (await town.PlanViewAsync()).Measure("m01").Text("lifecycle"));
        Assert.Equal("cancelled", (await town.StatusAsync()).MeasureStatus("m01").Text("status"));
    }

    [Fact]
    public async Task Completing_a_schedule_item_appends_ScheduleItemCompleted_and_the_view_and_status_count_it()
    {
        var town = await api.NewTownAsync();
        Assert.Equal(0, (await town.StatusAsync()).MeasureStatus("m01").GetProperty("schedule").GetProperty("completed").GetInt32());

        await town.AcceptedAsync(
            await town.PostAsync($"{M01}/schedule/s1/complete", new { on = "2023-03-31", note = "構築完了" }, Roles.Recorder), Stream, "ScheduleItemCompleted");

        var item = (await town.PlanViewAsync()).Measure("m01").GetProperty("schedule").EnumerateArray().Single(i => i.Text("itemId") == "s1");
        Assert.Equal("2023-03-31", item.Text("completedOn"));
        Assert.Equal("構築完了", item.Text("note"));
        Assert.Equal(1, (await town.StatusAsync()).MeasureStatus("m01").GetProperty("schedule").GetProperty("completed").GetInt32());
    }
}
