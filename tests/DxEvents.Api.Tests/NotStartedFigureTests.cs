using System.Net;
using System.Text.Json;
using DxEvents.Api.Auth;
using DxEvents.Api.Tests.Support;

namespace DxEvents.Api.Tests;

/// <summary>A figure recorded while its measure has not started: the status shows it (latest, value) with a reason that says the
/// measure had not started, and does not judge it until the measure starts.</summary>
public sealed class NotStartedFigureTests(ApiHost api) : IClassFixture<ApiHost>
{
    private const string Status = "/plans/mima-dx/status?reportingDate=2025-11-20";

    [Fact]
    public async Task The_status_shows_the_figure_with_a_note_and_judges_it_once_the_measure_starts()
    {
        var town = await api.NewTownAsync();
        await town.PostAsync("/plans/mima-dx/kpis/k04/measurements", new { fiscalYear = 2025, quarter = 1, value = 170 }, Roles.Recorder);
        await town.PostAsync("/plans/mima-dx/kpis/k04/measurements", new { fiscalYear = 2025, quarter = 2, value = 180 }, Roles.Recorder);

        var ja = (await town.ReadAsync(Status)).GetProperty("status");
        var en = (await town.ReadAsync(Status, language: "en")).GetProperty("status");

        var k04 = ja.KpiStatus("k04");
        Assert.Equal(("not_started", 180m), (k04.Text("status"), k04.GetProperty("value").GetDecimal()));
        Assert.Equal((2025, 2, "FY2025 Q2（令和7年度第2四半期）"),
            (k04.GetProperty("latest").GetProperty("fiscalYear").GetInt32(), k04.GetProperty("latest").GetProperty("quarter").GetInt32(), k04.GetProperty("latest").Text("display")));
        Assert.Equal((JsonValueKind.Null, JsonValueKind.Null), (k04.GetProperty("progress").ValueKind, k04.GetProperty("expected").ValueKind));
        Assert.Equal("2025年11月20日の時点で施策が始まっていないため、判定していません。ただし実績値は記録されています（最新 FY2025 Q2（令和7年度第2四半期）：180人）。",
            k04.Text("reason"));
        Assert.Equal("The measure had not started by 2025-11-20, so the KPI is not judged; it has figures all the same (latest FY2025 Q2（令和7年度第2四半期）: 180人).",
            en.KpiStatus("k04").Text("reason"));
        Assert.Equal(("not_started", "2025年11月20日の時点で施策が始まっていません。"), (ja.MeasureStatus("m04").Text("status"), ja.MeasureStatus("m04").Text("reason")));
        // A KPI of a measure not started, without figures, says only that.
        Assert.Equal((JsonValueKind.Null, "2025年11月20日の時点で施策が始まっていないため、判定していません。"),
            (ja.KpiStatus("k05").GetProperty("value").ValueKind, ja.KpiStatus("k05").Text("reason")));
        // Not judged, so nothing for the headquarters' attention.
        var headquarters = (await town.ReadAsync("/headquarters/status?reportingDate=2025-11-20")).GetProperty("status");
        Assert.DoesNotContain(headquarters.GetProperty("attention").EnumerateArray(), a => a.Text("kpiId") == "k04");

        await town.PostAsync("/plans/mima-dx/measures/m04/start", new { on = "2023-04-01" });

        var started = (await town.ReadAsync(Status)).GetProperty("status").KpiStatus("k04");
        Assert.Equal(("at_risk", 180m, 0.75m), (started.Text("status"), started.GetProperty("value").GetDecimal(), started.GetProperty("progress").GetDecimal()));
        Assert.Equal(JsonValueKind.Null, started.GetProperty("reason").ValueKind);
    }
}
