using DxEvents.Domain.Kpis;
using DxEvents.Domain.Plans;
using DxEvents.Domain.Status;
using static DxEvents.Domain.Tests.Status.StatusFixture;

namespace DxEvents.Domain.Tests.Status;

public class KpiStatusTests
{
    // Level KPI, baseline 100 at the end of FY2022, target 200 at the end of FY2025.
    // Start 2023-04-01, end 2026-03-31: 366 + 365 + 365 = 1,096 days.
    // Reporting date 2024-03-31: 366 days elapsed, e = 366 / 1096 = 0.33394…; FY2023 Q4 (ends 2024-03-31) counts.
    private static KpiDefined Level() => Kpi("k1", KpiKind.Level, 200m, 2025, baseline: new KpiBaseline(100m, 2022));

    [Theory]
    [InlineData(200, "achieved")] // p = (200 − 100) / 100 = 1
    [InlineData(130, "on_track")] // p = 0.30 ≥ 0.3339 − 0.10 = 0.2339
    [InlineData(110, "at_risk")]  // p = 0.10 < 0.2339 but ≥ 0.3339 − 0.25 = 0.0839
    [InlineData(105, "off_track")] // p = 0.05 < 0.0839
    public void Level_kpi_statuses(int value, string expected)
    {
        var line = Report(D(2024, 3, 31), Started(), Level(), Figure("k1", 2023, 4, value)).Line();

        Assert.Equal(expected, Wire(line.Status));
        Assert.Equal(0.3339m, line.Expected);
        Assert.Equal(D(2023, 4, 1), line.ExpectedFrom);
        Assert.Equal(D(2026, 3, 31), line.ExpectedTo);
    }

    [Fact]
    public void The_tolerances_passed_in_decide()
    {
        // p = 0.30; with onTrack 0.03: 0.30 < 0.3339 − 0.03 = 0.3039 → at_risk.
        var report = Report(D(2024, 3, 31), new Tolerances(0.03m, 0.25m), Started(), Level(), Figure("k1", 2023, 4, 130));
        Assert.Equal(ProgressStatus.AtRisk, report.Line().Status);
        Assert.Equal(new Tolerances(0.03m, 0.25m), report.Tolerances);
        // With atRisk 0.02: 0.30 < 0.3339 − 0.02 = 0.3139 → off_track.
        var strict = Report(D(2024, 3, 31), new Tolerances(0.01m, 0.02m), Started(), Level(), Figure("k1", 2023, 4, 130));
        Assert.Equal(ProgressStatus.OffTrack, strict.Line().Status);
    }

    [Fact]
    public void Only_quarters_ended_by_the_reporting_date_count()
    {
        // On 2024-03-30 FY2023 Q4 has not ended: the latest counted figure is Q3's 105.
        var line = Report(D(2024, 3, 30), Started(), Level(), Figure("k1", 2023, 3, 105), Figure("k1", 2023, 4, 200)).Line();
        Assert.Equal((105m, 2023, 3), (line.Value, line.Latest!.FiscalYear, line.Latest.Quarter));
    }

    [Theory]
    [InlineData(45, "on_track")] // p = (45 − 50) / (30 − 50) = 0.25 ≥ 0.2339
    [InlineData(48, "at_risk")]  // p = (48 − 50) / (30 − 50) = 0.10
    [InlineData(55, "off_track")] // p = (55 − 50) / (−20) = −0.25
    [InlineData(29, "achieved")] // p = (29 − 50) / (−20) = 1.05
    public void A_decrease_kpi_works_by_sign(int value, string expected)
    {
        var kpi = Kpi("k1", KpiKind.Level, 30m, 2025, baseline: new KpiBaseline(50m, 2022), direction: KpiDirection.Decrease);
        Assert.Equal(expected, Wire(Report(D(2024, 3, 31), Started(), kpi, Figure("k1", 2023, 4, value)).Line().Status));
    }

    [Fact]
    public void Without_a_baseline_b_is_zero_and_time_counts_from_the_plan_start()
    {
        // Target 240 at the end of FY2025; start 2023-04-01 (plan start); 2024-09-30 is 366 + 183 = 549 days in:
        // e = 549 / 1096 = 0.50091. v = 100: p = 100 / 240 = 0.41667 ≥ 0.40091 → on_track.
        var line = Report(D(2024, 9, 30), Started(), Kpi("k1", KpiKind.Level, 240m, 2025), Figure("k1", 2024, 2, 100)).Line();
        Assert.Equal((0.4167m, 0.5009m, ProgressStatus.OnTrack), (line.Progress, line.Expected, line.Status));
    }

    [Fact]
    public void A_flow_kpi_sums_its_window()
    {
        // Mima k01: 300 users over FY2022–FY2024. Window 2022-04-01..2025-03-31 = 365 + 366 + 365 = 1,096 days.
        // 2023-09-30 is 365 + 183 = 548 days in: e = 0.5.
        // Sum = 4 × 20 (FY2022) + 30 + 40 (FY2023 Q1, Q2) = 150; FY2021 Q4 is before the window, FY2023 Q3 not ended.
        // p = 150 / 300 = 0.5 ≥ 0.5 − 0.10 → on_track.
        var events = new List<IDomainEvent> { Started(), Kpi("k1", KpiKind.Flow, 300m, 2024, from: 2022), Figure("k1", 2021, 4, 1000) };
        events.AddRange(Enumerable.Range(1, 4).Select(q => Figure("k1", 2022, q, 20)));
        events.AddRange([Figure("k1", 2023, 1, 30), Figure("k1", 2023, 2, 40), Figure("k1", 2023, 3, 500)]);

        var line = Report(D(2023, 9, 30), [.. events]).Line();

        Assert.Equal((150m, 0.5m, 0.5m, ProgressStatus.OnTrack), (line.Value, line.Progress, line.Expected, line.Status));
        Assert.Equal((2022, 2024), (line.Window!.FromFiscalYear, line.Window.ToFiscalYear));
    }

    [Fact]
    public void A_flow_sum_ignores_the_baseline_and_counts_from_the_window_start()
    {
        // Window FY2023 only (no fromFiscalYear): 2023-04-01..2024-03-31 = 366 days; 2023-09-30 is 183 in: e = 0.5.
        // Baseline 80 (FY2022's yearly amount) is not subtracted: p = (30 + 20) / 100 = 0.5 → on_track.
        var kpi = Kpi("k1", KpiKind.Flow, 100m, 2023, baseline: new KpiBaseline(80m, 2022));
        var line = Report(D(2023, 9, 30), Started(), kpi, Figure("k1", 2023, 1, 30), Figure("k1", 2023, 2, 20)).Line();
        Assert.Equal((50m, 0.5m, ProgressStatus.OnTrack), (line.Value, line.Progress, line.Status));
    }

    [Fact]
    public void A_rate_kpi_with_combine_average_averages_its_window()
    {
        // Mima k11: average 70% in FY2025, no baseline: time counts from the plan start 2023-04-01 to 2026-03-31 (1,096 days).
        // 2025-12-31 is 366 + 365 + 275 = 1,006 days in: e = 0.91788.
        // Average of FY2025 Q1–Q3 = (60 + 66 + 72) / 3 = 66 (FY2024 Q4 is outside the window); p = 66 / 70 = 0.94286 → on_track.
        var kpi = Kpi("k1", KpiKind.Rate, 70m, 2025, combine: KpiCombine.Average);
        var line = Report(D(2025, 12, 31), Started(), kpi,
            Figure("k1", 2024, 4, 10), Figure("k1", 2025, 1, 60), Figure("k1", 2025, 2, 66), Figure("k1", 2025, 3, 72)).Line();
        Assert.Equal((66m, 0.9429m, 0.9179m, ProgressStatus.OnTrack), (line.Value, line.Progress, line.Expected, line.Status));
    }

    [Fact]
    public void A_rate_kpi_without_combine_takes_the_latest()
    {
        // Latest is 72: p = 72 / 70 ≥ 1 → achieved.
        var line = Report(D(2025, 12, 31), Started(), Kpi("k1", KpiKind.Rate, 70m, 2025), Figure("k1", 2025, 2, 10), Figure("k1", 2025, 3, 72)).Line();
        Assert.Equal((72m, ProgressStatus.Achieved), (line.Value, line.Status));
    }

    [Fact]
    public void A_target_outside_the_plan_period_stretches_the_expected_share()
    {
        // Mima k03: 20 業務 at the end of FY2026 in an FY2023–2025 plan. 2023-04-01..2027-03-31 = 1,461 days;
        // 2025-03-31 is 731 days in: e = 0.50034. v = 9: p = 0.45 ≥ 0.40034 → on_track.
        // (Ending at FY2025 instead, e = 731 / 1096 = 0.66697 and 0.45 < 0.56697 would be at_risk.)
        var line = Report(D(2025, 3, 31), Started(), Kpi("k1", KpiKind.Level, 20m, 2026), Figure("k1", 2024, 4, 9)).Line();
        Assert.Equal((0.45m, 0.5003m, ProgressStatus.OnTrack), (line.Progress, line.Expected, line.Status));
    }

    [Fact]
    public void A_target_equal_to_the_baseline_is_achieved_when_held()
    {
        var kpi = Kpi("k1", KpiKind.Rate, 100m, 2025, baseline: new KpiBaseline(100m, 2022));
        Assert.Equal(ProgressStatus.Achieved, Report(D(2024, 3, 31), Started(), kpi, Figure("k1", 2023, 4, 100)).Line().Status);
        Assert.Equal(ProgressStatus.OffTrack, Report(D(2024, 3, 31), Started(), kpi, Figure("k1", 2023, 4, 90)).Line().Status);
    }

    internal static string Wire(ProgressStatus status) =>
        System.Text.Json.JsonSerializer.Serialize(status, EventCatalog.JsonOptions).Trim('"');
}
