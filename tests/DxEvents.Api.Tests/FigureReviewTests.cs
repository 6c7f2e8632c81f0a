using System.Net;
using System.Text.Json;
using Alba;
using DxEvents.Api.Auth;
using DxEvents.Api.Tests.Support;

namespace DxEvents.Api.Tests;

/// <summary>The office's review before a figure counts (issue 21 item 3), over HTTP. k04 (LoGoチャット利用者数) is a level KPI,
/// target 240 at the end of FY2025, no baseline: on the reporting date 2025-11-20, e = 965 / 1,096 = 0.8805, so on_track needs
/// p ≥ 0.7805 (the worked example of <see cref="StatusAsOfTests"/>).</summary>
public sealed class FigureReviewTests(ApiHost api) : IClassFixture<ApiHost>
{
    private const string K04 = "/plans/mima-dx/kpis/k04";
    private const string Q2 = K04 + "/measurements/2025/2";
    private const string Stream = "plan/mima-dx/kpi/k04";

    private static async Task<Town> ReviewingTownAsync(ApiHost api)
    {
        var town = await api.NewTownAsync();
        await town.PostAsync("/plans/mima-dx/measures/m04/start", new { on = "2023-04-01" });
        await town.AcceptedAsync(await town.PostAsync("/figure-review", new { on = true }), "access", "FigureReviewTurnedOn");
        return town;
    }

    [Fact]
    public async Task A_returned_figure_is_not_counted_a_confirmed_one_is_and_as_of_before_the_confirmation_it_is_not()
    {
        var town = await ReviewingTownAsync(api);
        await StatusAsOfTests.Write(town, $"{K04}/measurements", new { fiscalYear = 2025, quarter = 2, value = 140 }, Roles.Recorder);
        var waiting = await Status(town);
        Assert.Equal(("no_data", 1, 1), (waiting.KpiStatus("k04").Text("status"), waiting.KpiStatus("k04").GetProperty("awaitingReview").GetInt32(),
            waiting.GetProperty("awaitingReview").GetInt32()));

        // Returned: not counted, and no longer waiting.
        await town.RefusedAsync(() => town.PostAsync($"{Q2}/return", new { value = 140 }, status: HttpStatusCode.UnprocessableEntity), "/reason");
        await town.AcceptedAsync(await town.PostAsync($"{Q2}/return", new { value = 140, reason = "内訳の資料を添付してください" }), Stream, "KpiFigureReturned");
        var returned = await Status(town);
        Assert.Equal(("no_data", 0), (returned.KpiStatus("k04").Text("status"), returned.GetProperty("awaitingReview").GetInt32()));
        var figure = (await town.PlanViewAsync()).Kpi("k04").GetProperty("figures")[0];
        Assert.Equal(("returned", "内訳の資料を添付してください"), (figure.GetProperty("review").Text("review"), figure.GetProperty("review").Text("reason")));

        // The department corrects it; it waits again. The office confirms what it saw, not a figure corrected since.
        var corrected = await StatusAsOfTests.Write(town, $"{Q2}/corrections", new { value = 200, reason = "出先機関の分を追加" }, Roles.Recorder);
        Assert.Equal(1, (await Status(town)).GetProperty("awaitingReview").GetInt32());
        await town.RefusedAsync(() => town.PostAsync($"{Q2}/confirm", new { value = 140 }, status: HttpStatusCode.Conflict), "/value");
        var confirmed = await StatusAsOfTests.Write(town, $"{Q2}/confirm", new { value = 200 });

        // Confirmed: p = 200 / 240 = 0.8333 ≥ 0.7805 → on_track.
        var counted = (await Status(town)).KpiStatus("k04");
        Assert.Equal((200m, 0.8333m, "on_track", 0), (counted.GetProperty("value").GetDecimal(), counted.GetProperty("progress").GetDecimal(),
            counted.Text("status"), counted.GetProperty("awaitingReview").GetInt32()));

        // As of the correction (before the confirmation): what was confirmed then, nothing.
        var before = await Status(town, corrected.RecordedAt);
        Assert.Equal((JsonValueKind.Null, "no_data", 1), (before.KpiStatus("k04").GetProperty("value").ValueKind, before.KpiStatus("k04").Text("status"),
            before.GetProperty("awaitingReview").GetInt32()));
        var at = await Status(town, confirmed.RecordedAt);
        Assert.Equal((200m, "on_track"), (at.KpiStatus("k04").GetProperty("value").GetDecimal(), at.KpiStatus("k04").Text("status")));
    }

    [Fact]
    public async Task A_recorder_cannot_confirm_nor_can_whoever_recorded_the_figure()
    {
        var town = await ReviewingTownAsync(api);
        await town.PostAsync($"{K04}/measurements", new { fiscalYear = 2025, quarter = 2, value = 140 }, Roles.Recorder);
        // The recorder's role may not review at all: 403 before anything is decided.
        await town.RefusedAsync(() => town.PostAsync($"{Q2}/confirm", new { value = 140 }, Roles.Recorder, HttpStatusCode.Forbidden));

        // The office may record too, but not confirm its own figure.
        await town.PostAsync($"{K04}/measurements", new { fiscalYear = 2025, quarter = 1, value = 120 });
        var problem = await town.RefusedAsync(() => town.PostAsync($"{K04}/measurements/2025/1/confirm", new { value = 120 }, status: HttpStatusCode.Forbidden), "/actor");
        Assert.Equal("own-figure-review", problem.Text("code"));
        Assert.Equal(2, (await Status(town)).GetProperty("awaitingReview").GetInt32());
    }

    [Fact]
    public async Task Only_a_waiting_figure_is_reviewed_and_review_off_records_figures_as_before()
    {
        var town = await api.NewTownAsync();
        await town.PostAsync("/plans/mima-dx/measures/m04/start", new { on = "2023-04-01" });
        // Recorded before review: it counts, and it is not the office's to confirm.
        await town.PostAsync($"{K04}/measurements", new { fiscalYear = 2025, quarter = 1, value = 120 }, Roles.Recorder);
        await town.RefusedAsync(() => town.PostAsync($"{K04}/measurements/2025/1/confirm", new { value = 120 }, status: HttpStatusCode.Conflict), "/quarter");
        await town.RefusedAsync(() => town.PostAsync($"{Q2}/confirm", new { value = 1 }, status: HttpStatusCode.NotFound), "/quarter");

        var history = (await town.HistoryAsync()).Count;
        await town.PostAsync("/figure-review", new { on = false }, status: HttpStatusCode.Conflict);
        Assert.Equal(history, (await town.HistoryAsync()).Count);
        await town.PostAsync("/figure-review", new { on = true });
        await town.PostAsync("/figure-review", new { on = true }, status: HttpStatusCode.Conflict);
        await town.PostAsync($"{K04}/measurements", new { fiscalYear = 2025, quarter = 2, value = 140 }, Roles.Recorder);
        await town.AcceptedAsync(await town.PostAsync("/figure-review", new { on = false }), "access", "FigureReviewTurnedOff");
        await town.PostAsync($"{K04}/measurements", new { fiscalYear = 2024, quarter = 4, value = 100 }, Roles.Recorder);

        // Only the figure recorded while review was on is held for the office; the figures' own events are as they always were.
        var stored = (await town.StreamAsync(Stream)).Select(e => e.EventType).Where(t => t.StartsWith("Kpi", StringComparison.Ordinal)).ToList();
        Assert.Equal(["KpiDefined", "KpiMeasured", "KpiMeasured", "KpiFigureSubmittedForReview", "KpiMeasured"], stored);
        // One append, one instant: an as-of read never sees the figure without its submission for review.
        var pair = (await town.StreamAsync(Stream)).Where(e => e.EventType is "KpiMeasured" or "KpiFigureSubmittedForReview").Skip(1).Take(2).ToList();
        Assert.Equal(pair[0].RecordedAt, pair[1].RecordedAt);
        // Turning review off decides nothing: the figure recorded under it still waits for the office.
        var status = await Status(town);
        Assert.Equal((120m, 1), (status.KpiStatus("k04").GetProperty("value").GetDecimal(), status.GetProperty("awaitingReview").GetInt32()));
    }

    [Fact]
    public async Task A_confirmation_retried_with_its_key_is_answered_once_and_a_stale_If_Match_is_refused()
    {
        var town = await ReviewingTownAsync(api);
        var recorded = await town.PostAsync($"{K04}/measurements", new { fiscalYear = 2025, quarter = 2, value = 140 }, Roles.Recorder);
        var version = recorded.ETag();
        await town.PostAsync($"{Q2}/corrections", new { value = 150, reason = "再集計" }, Roles.Recorder);
        await town.RefusedAsync(() => town.PostAsync($"{Q2}/confirm", new { value = 150 }, status: HttpStatusCode.PreconditionFailed, ifMatch: version));

        var key = IdempotencyKey.New();
        var first = await town.PostAsync($"{Q2}/confirm", new { value = 150 }, key: key);
        var again = await town.PostAsync($"{Q2}/confirm", new { value = 150 }, key: key);
        Assert.Equal(await first.ReadAsTextAsync(), await again.ReadAsTextAsync());
        Assert.True(again.Context.Response.Headers.ContainsKey("Idempotent-Replayed"));
        Assert.Single(await town.StreamAsync(Stream), e => e.EventType == "KpiFigureConfirmed");
    }

    private static async Task<JsonElement> Status(Town town, string? asOf = null) =>
        (await town.ReadAsync($"/plans/mima-dx/status?reportingDate=2025-11-20{(asOf is null ? "" : "&asOf=" + Uri.EscapeDataString(asOf))}", Roles.Headquarters))
            .GetProperty("status");
}
