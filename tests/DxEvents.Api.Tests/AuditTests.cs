using System.Net;
using System.Text.Json;
using Alba;
using DxEvents.Api.Auth;
using DxEvents.Api.Tests.Support;

namespace DxEvents.Api.Tests;

public sealed class AuditTests(ApiHost api) : IClassFixture<ApiHost>
{
    private const string K04 = "/plans/mima-dx/kpis/k04";

    /// <summary>Mima imported, m04 started, two figures of k04 (Q2 sent with a correlation id), Q2 corrected, a budget revised.</summary>
    private async Task<(Town Town, long Q1, long Q2, long Correction)> HistoryAsync()
    {
        var town = await api.NewTownAsync();
        await StatusAsOfTests.Write(town, "/plans/mima-dx/measures/m04/start", new { on = "2023-04-01" });
        var q1 = await StatusAsOfTests.Write(town, $"{K04}/measurements", new { fiscalYear = 2025, quarter = 1, value = 120 }, Roles.Recorder);
        var sentWithCorrelation = await town.SendAsync(Roles.Recorder, s =>
        {
            s.Post.Json(new { fiscalYear = 2025, quarter = 2, value = 140 }).ToUrl(town.Url($"{K04}/measurements"));
            s.WithRequestHeader("X-Correlation-Id", "meeting-2025-10");
        });
        var q2 = (await sentWithCorrelation.ReadAsJsonAsync<JsonElement>()).GetProperty("events")[0].GetProperty("sequence").GetInt64();
        var correction = await StatusAsOfTests.Write(town, $"{K04}/measurements/2025/2/corrections", new { value = 150, reason = "集計漏れ" }, Roles.Recorder);
        await StatusAsOfTests.Write(town, "/plans/mima-dx/measures/m04/budget/2025/revisions",
            new { total = 1500, generalFunds = 1500, funding = Array.Empty<object>(), reason = "補正予算" });
        return (town, q1.Sequence, q2, correction.Sequence);
    }

    /// <summary>A page, asked again while an open transaction elsewhere on the cluster (another test) holds it back.</summary>
    private static async Task<JsonElement> Page(Town town, string query, string role = Roles.Auditor)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var page = await town.ReadAsync($"/audit/events?{query}", role);
            if (!page.GetProperty("pending").GetBoolean() || DateTime.UtcNow > deadline)
                return page;
        }
    }

    private static List<long> Sequences(JsonElement page) =>
        [.. page.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("sequence").GetInt64())];

    [Fact]
    public async Task The_log_is_paged_by_sequence_and_following_next_reads_every_event_once()
    {
        var (town, _, _, _) = await HistoryAsync();
        var history = await town.HistoryAsync();
        var stored = history.Select(e => e.Sequence).ToList();

        var pages = new List<JsonElement> { await Page(town, "limit=50") };
        while (pages[^1].GetProperty("more").GetBoolean())
            pages.Add(await Page(town, $"limit=50&after={pages[^1].GetProperty("next").GetInt64()}"));

        Assert.True(stored.Count > 100, "the Mima import alone is over two pages");
        Assert.Equal("ApiKeyCreated", history[0].EventType);
        Assert.Equal(stored, pages.SelectMany(Sequences));
        Assert.All(pages[..^1], p => Assert.Equal(50, Sequences(p).Count));
        Assert.Equal(Sequences(pages[0])[^1], pages[0].GetProperty("next").GetInt64());
        Assert.Equal(stored[^1], pages[^1].GetProperty("next").GetInt64());
        Assert.All(pages, p => Assert.False(p.GetProperty("pending").GetBoolean()));
        var last = await Page(town, $"after={stored[^1]}");
        Assert.Equal((0, stored[^1], false), (Sequences(last).Count, last.GetProperty("next").GetInt64(), last.GetProperty("more").GetBoolean()));
    }

    [Fact]
    public async Task Filters_by_stream_type_actor_and_time_select_the_events_and_each_carries_data_and_metadata()
    {
        var (town, q1, q2, correction) = await HistoryAsync();

        var figures = await Page(town, "stream=plan/mima-dx/kpi/k04&type=KpiMeasured,KpiMeasurementCorrected&actor=test%20recorder");
        var budgets = await Page(town, "type=BudgetRevised&actor=test%20office");
        var q1At = (await Page(town, $"type=KpiMeasured&limit=1")).GetProperty("events")[0].GetProperty("recordedAt").GetString()!;
        var sinceQ1 = await Page(town, $"stream=plan/mima-dx/kpi&from={Uri.EscapeDataString(q1At)}&to=2099-12-31");

        Assert.Equal([q1, q2, correction], Sequences(figures));
        Assert.Equal([q1, q2, correction], Sequences(sinceQ1));
        var budget = Assert.Single(budgets.GetProperty("events").EnumerateArray());
        Assert.Equal(("BudgetRevised", "plan/mima-dx/measure/m04", "measure"), (budget.Text("type"), budget.Text("streamId"), budget.Text("streamType")));
        Assert.Equal((1500, 1268), (budget.GetProperty("data").GetProperty("figures").GetProperty("total").GetInt32(),
            budget.GetProperty("data").GetProperty("previous").GetProperty("total").GetInt32()));
        var metadata = budget.GetProperty("metadata");
        Assert.Equal(("test office", "補正予算"), (metadata.Text("actor"), metadata.Text("reason")));
        Assert.False(string.IsNullOrEmpty(metadata.Text("correlationId")));
        Assert.False(string.IsNullOrEmpty(metadata.Text("causationId")));
        Assert.Equal("meeting-2025-10", figures.GetProperty("events")[1].GetProperty("metadata").Text("correlationId"));
        Assert.Equal(3, figures.GetProperty("events")[1].GetProperty("version").GetInt64()); // after KpiDefined and Q1
    }

    [Fact]
    public async Task A_streams_history_links_each_correction_to_the_figure_it_corrects()
    {
        var (town, q1, q2, correction) = await HistoryAsync();

        var history = await town.ReadAsync("/audit/streams/plan/mima-dx/kpi/k04", Roles.Auditor);

        var events = history.GetProperty("events").EnumerateArray().ToList();
        Assert.Equal(("plan/mima-dx/kpi/k04", "kpi", 4L), (history.Text("streamId"), history.Text("streamType"), history.GetProperty("version").GetInt64()));
        Assert.Equal(["KpiDefined", "KpiMeasured", "KpiMeasured", "KpiMeasurementCorrected"], events.Select(e => e.Text("type")));
        Assert.Equal(JsonValueKind.Null, events[0].GetProperty("links").ValueKind);
        Assert.Empty(events[1].GetProperty("links").GetProperty("correctedBy").EnumerateArray());
        Assert.Equal([correction], events[2].GetProperty("links").GetProperty("correctedBy").EnumerateArray().Select(s => s.GetInt64()));
        var link = events[3].GetProperty("links");
        Assert.Equal((q2, q2), (link.GetProperty("corrects").GetInt64(), link.GetProperty("replaces").GetInt64()));
        var metadata = events[3].GetProperty("metadata");
        Assert.Equal(("test recorder", "集計漏れ"), (metadata.Text("actor"), metadata.Text("reason")));
        Assert.Equal((140, 150), (events[3].GetProperty("data").GetProperty("previousValue").GetInt32(), events[3].GetProperty("data").GetProperty("value").GetInt32()));
        Assert.Equal(q1, events[1].GetProperty("sequence").GetInt64());
        Assert.True(events[3].TryGetProperty("recordedAt", out _));
    }

    [Fact]
    public async Task Audit_reads_need_the_audit_right_and_bad_queries_and_unknown_streams_are_refused()
    {
        var town = await api.NewTownAsync();

        await town.GetAsync("/audit/events", Roles.Office, HttpStatusCode.OK);
        await town.GetAsync("/audit/events", Roles.Headquarters, HttpStatusCode.Forbidden);
        await town.GetAsync("/audit/streams/plan/mima-dx", Roles.Recorder, HttpStatusCode.Forbidden);
        await (await town.GetAsync("/audit/events?limit=1001", Roles.Auditor, HttpStatusCode.BadRequest)).ProblemAsync("/limit");
        await (await town.GetAsync("/audit/events?after=-1", Roles.Auditor, HttpStatusCode.BadRequest)).ProblemAsync("/after");
        await (await town.GetAsync("/audit/events?type=KpiDeleted", Roles.Auditor, HttpStatusCode.BadRequest)).ProblemAsync("/type");
        await (await town.GetAsync("/audit/events?from=2025-06-01&to=2025-05-01", Roles.Auditor, HttpStatusCode.BadRequest)).ProblemAsync("/to");
        await (await town.GetAsync("/audit/streams/plan/nope", Roles.Auditor, HttpStatusCode.NotFound)).ProblemAsync();
    }
}
