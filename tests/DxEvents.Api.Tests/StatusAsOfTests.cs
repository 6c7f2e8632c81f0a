using System.Text.Json;
using Alba;
using DxEvents.Api.Auth;
using DxEvents.Api.Tests.Support;

namespace DxEvents.Api.Tests;

/// <summary>Issue 4's test: one history, three as-of instants, three different reports, each worked out by hand.</summary>
public sealed class StatusAsOfTests(ApiHost api) : IClassFixture<ApiHost>
{
    private const string K04 = "/plans/mima-dx/kpis/k04";

    [Fact]
    public async Task Status_as_of_three_instants_gives_three_answers_each_worked_out_by_hand()
    {
        var town = await api.NewTownAsync();
        await town.PostAsync("/plans/mima-dx/measures/m04/start", new { on = "2023-04-01" });
        await Write(town, $"{K04}/measurements", new { fiscalYear = 2024, quarter = 4, value = 100 }, Roles.Recorder);
        await Write(town, $"{K04}/measurements", new { fiscalYear = 2025, quarter = 1, value = 120 }, Roles.Recorder);
        var a = await Write(town, $"{K04}/measurements", new { fiscalYear = 2025, quarter = 2, value = 140 }, Roles.Recorder);
        await Write(town, $"{K04}/measurements/2025/2/corrections", new { value = 200, reason = "集計誤り" }, Roles.Recorder);
        var b = await Write(town, "/plans/mima-dx/measures/m04/budget/2025/revisions",
            new { total = 1500, generalFunds = 1500, funding = Array.Empty<object>(), reason = "補正予算" });
        var c = await Write(town, "/plans/mima-dx/tolerance-revisions", new { onTrack = 0.02, atRisk = 0.15, reason = "本部会議決定" });

        // k04 (LoGoチャット利用者数): level, target 240 at the end of FY2025, no baseline, so expected progress runs from
        // 2023-04-01 to 2026-03-31 (1,096 days). On the reporting date 2025-11-20, 965 days have passed: e = 0.8805.
        var atA = await Status(town, a.RecordedAt);
        var atB = await Status(town, b.RecordedAt);
        var atC = await Status(town, c.RecordedAt);

        // A: latest FY2025 Q2 = 140 → p = 140 / 240 = 0.5833 < e − 0.25 = 0.6305: off_track. Budget FY2025 as planned, 1,268.
        AssertKpi(atA, 140m, 0.5833m, "off_track", (0.1m, 0.25m), a.Sequence);
        Assert.Equal((1268, 1268), Budget2025(atA));
        Assert.Equal((1, 13), (atA.GetProperty("kpis").GetProperty("offTrack").GetInt32(), atA.GetProperty("kpis").GetProperty("notStarted").GetInt32()));
        // B: the Q2 figure corrected to 200 → p = 0.8333 ≥ e − 0.10 = 0.7805: on_track. Budget FY2025 revised to 1,500.
        AssertKpi(atB, 200m, 0.8333m, "on_track", (0.1m, 0.25m), b.Sequence);
        Assert.Equal((1268, 1500), Budget2025(atB));
        Assert.Equal("on_track", atB.MeasureStatus("m04").Text("status"));
        // C: same figures, tolerances revised to 0.02 / 0.15 → on_track needs 0.8605, at_risk 0.7305: at_risk.
        AssertKpi(atC, 200m, 0.8333m, "at_risk", (0.02m, 0.15m), c.Sequence);

        // A under today's rules, beside the rules in force at A: still off_track (0.5833 < 0.7305), judged with 0.02 / 0.15.
        var sideBySide = await town.ReadAsync($"/plans/mima-dx/status?asOf={Uri.EscapeDataString(a.RecordedAt)}&reportingDate=2025-11-20&rules=current");
        Assert.Equal(0.1m, sideBySide.GetProperty("status").GetProperty("tolerances").GetProperty("onTrack").GetDecimal());
        var current = sideBySide.GetProperty("underCurrentRules");
        Assert.Equal((0.02m, "off_track"), (current.GetProperty("tolerances").GetProperty("onTrack").GetDecimal(), current.KpiStatus("k04").Text("status")));
    }

    private static void AssertKpi(JsonElement status, decimal value, decimal progress, string expected, (decimal OnTrack, decimal AtRisk) tolerances, long sequence)
    {
        var line = status.KpiStatus("k04");
        Assert.Equal((value, progress, 0.8805m, expected),
            (line.GetProperty("value").GetDecimal(), line.GetProperty("progress").GetDecimal(), line.GetProperty("expected").GetDecimal(), line.Text("status")));
        var rules = status.GetProperty("tolerances");
        Assert.Equal(tolerances, (rules.GetProperty("onTrack").GetDecimal(), rules.GetProperty("atRisk").GetDecimal()));
        Assert.Equal(sequence, status.GetProperty("asOfSequence").GetInt64());
    }

    private static (long Planned, long Current) Budget2025(JsonElement status)
    {
        var year = status.MeasureStatus("m04").Budget(2025);
        return (year.GetProperty("planned").GetInt64(), year.GetProperty("current").GetInt64());
    }

    private static async Task<JsonElement> Status(Town town, string asOf) =>
        (await town.ReadAsync($"/plans/mima-dx/status?asOf={Uri.EscapeDataString(asOf)}&reportingDate=2025-11-20", Roles.Headquarters))
            .GetProperty("status");

    /// <summary>A write that must succeed; answers its event's sequence and recorded-at exactly as the server wrote them.</summary>
    internal static async Task<(long Sequence, string RecordedAt)> Write(Town town, string path, object body, string role = Roles.Office)
    {
        var accepted = await (await town.PostAsync(path, body, role)).ReadAsJsonAsync<JsonElement>();
        var e = accepted.GetProperty("events")[0];
        return (e.GetProperty("sequence").GetInt64(), e.GetProperty("recordedAt").GetString()!);
    }
}
