using DxEvents.Domain.Kpis;
using DxEvents.Domain.Status;
using static DxEvents.Domain.Tests.Status.StatusFixture;

namespace DxEvents.Domain.Tests.Status;

public class DataAndMilestoneTests
{
    private static KpiDefined Level() => Kpi("k1", KpiKind.Level, 240m, 2025);

    // Milestone due by the end of FY2024, no baseline: 2023-04-01..2025-03-31 = 366 + 365 = 731 days.
    private static KpiDefined Milestone() => Kpi("k1", KpiKind.Milestone, null, 2024);

    [Fact]
    public void A_milestone_not_done_early_is_on_track()
    {
        // 2023-04-30: 30 days in, e = 30 / 731 = 0.04104; p = 0 ≥ e − 0.10 → on_track. FY2023 Q1 is open, so the
        // latest closed figure is FY2022 Q4: one of the last two closed quarters.
        var line = Report(D(2023, 4, 30), Started(), Milestone(), Figure("k1", 2022, 4, 0)).Line();
        Assert.Equal((0m, 0.041m, ProgressStatus.OnTrack), (line.Progress, line.Expected, line.Status));
    }

    [Fact]
    public void A_milestone_not_done_halfway_is_off_track()
    {
        // 2024-03-31: 366 days in, e = 366 / 731 = 0.50068; p = 0 < e − 0.25 → off_track.
        var line = Report(D(2024, 3, 31), Started(), Milestone(), Figure("k1", 2023, 4, 0)).Line();
        Assert.Equal((0.5007m, ProgressStatus.OffTrack), (line.Expected, line.Status));
    }

    [Fact]
    public void A_milestone_done_is_achieved_and_stays_so()
    {
        // Done in FY2023 Q3; by 2025-06-30 the figure is five quarters old, but done is done.
        Assert.Equal(ProgressStatus.Achieved, Report(D(2025, 6, 30), Started(), Milestone(), Figure("k1", 2023, 3, 1)).Line().Status);
    }

    [Fact]
    public void No_figure_at_all_is_no_data_with_a_reason()
    {
        var line = Report(D(2024, 3, 31), Started(), Level()).Line();
        Assert.Equal(ProgressStatus.NoData, line.Status);
        Assert.NotNull(line.Reason);
    }

    [Fact]
    public void A_figure_older_than_the_last_two_closed_quarters_is_stale()
    {
        // 2024-10-15: last closed FY2024 Q2, before it Q1; the latest figure is FY2023 Q4 → no_data.
        var line = Report(D(2024, 10, 15), Started(), Level(), Figure("k1", 2023, 4, 100)).Line();
        Assert.Equal(ProgressStatus.NoData, line.Status);
        Assert.Contains("FY2024 Q1", line.Reason!.En, StringComparison.Ordinal);
        Assert.Contains("FY2024 Q1（令和6年度第1四半期）", line.Reason.Ja, StringComparison.Ordinal);
    }

    [Fact]
    public void A_figure_for_the_quarter_before_the_last_closed_one_is_recent_enough()
    {
        // 2024-10-15: FY2024 Q1 is one of the last two closed quarters.
        Assert.NotEqual(ProgressStatus.NoData, Report(D(2024, 10, 15), Started(), Level(), Figure("k1", 2024, 1, 100)).Line().Status);
    }

    [Fact]
    public void A_flow_window_without_figures_is_no_data_once_two_of_its_quarters_have_closed()
    {
        // Window FY2023–2025. On 2023-09-30 Q1 and Q2 have closed with no figure → no_data.
        var kpi = Kpi("k1", KpiKind.Flow, 200m, 2025, from: 2023);
        Assert.Equal(ProgressStatus.NoData, Report(D(2023, 9, 30), Started(), kpi).Line().Status);
        // A figure for Q1 alone is enough: Q1 is one of the last two closed quarters of the window.
        Assert.NotEqual(ProgressStatus.NoData, Report(D(2023, 9, 30), Started(), kpi, Figure("k1", 2023, 1, 5)).Line().Status);
    }

    [Fact]
    public void A_flow_window_with_one_closed_quarter_counts_a_missing_figure_as_zero()
    {
        // 2023-06-30: only Q1 of the window has closed. Sum 0; window 2023-04-01..2026-03-31, 91 days in:
        // e = 91 / 1096 = 0.08303; p = 0 ≥ e − 0.10 → on_track.
        var line = Report(D(2023, 6, 30), Started(), Kpi("k1", KpiKind.Flow, 200m, 2025, from: 2023)).Line();
        Assert.Equal((0m, ProgressStatus.OnTrack), (line.Value, line.Status));
    }

    [Fact]
    public void An_average_with_no_figure_in_its_window_is_no_data()
    {
        var kpi = Kpi("k1", KpiKind.Rate, 70m, 2025, combine: KpiCombine.Average);
        Assert.Equal(ProgressStatus.NoData, Report(D(2025, 6, 30), Started(), kpi, Figure("k1", 2024, 4, 70)).Line().Status);
    }

    [Fact]
    public void A_kpi_of_a_measure_not_started_is_not_started()
    {
        var report = Report(D(2024, 3, 31), Level());
        Assert.Equal((ProgressStatus.NotStarted, ProgressStatus.NotStarted), (report.Measure().Status, report.Line().Status));
        Assert.Equal(new MeasureNotStartedBy(D(2024, 3, 31)), report.Measure().Reason);
        Assert.Equal(new KpiOfMeasureNotStarted(D(2024, 3, 31)), report.Line().Reason);
        Assert.Equal((null, null), (report.Line().Latest, report.Line().Value));
    }

    [Fact]
    public void A_figure_of_a_measure_not_started_is_shown_not_judged()
    {
        // Recorded although m01 has not started: shown with its quarter and a reason that says so, never judged.
        var line = Report(D(2024, 3, 31), Level(), Figure("k1", 2023, 2, 200), Figure("k1", 2023, 3, 240)).Line();
        Assert.Equal((ProgressStatus.NotStarted, 240m, new QuarterRef(2023, 3, "FY2023 Q3（令和5年度第3四半期）")), (line.Status, line.Value, line.Latest));
        Assert.Equal((null, null), (line.Progress, line.Expected));
        Assert.Equal(new FiguresWhileMeasureNotStarted(D(2024, 3, 31), new(2023, 3), 240m, "人"), line.Reason);
    }

    [Fact]
    public void A_window_sum_of_a_measure_not_started_is_shown_with_its_latest_quarter()
    {
        var flow = Kpi("k1", KpiKind.Flow, 300m, 2025, from: 2023);
        var line = Report(D(2024, 3, 31), flow, Figure("k1", 2023, 1, 20), Figure("k1", 2023, 2, 30), Figure("k1", 2024, 1, 99)).Line();
        Assert.Equal((ProgressStatus.NotStarted, 50m, 2), (line.Status, line.Value, line.Latest!.Quarter));
        Assert.Equal(new FiguresWhileMeasureNotStarted(D(2024, 3, 31), new(2023, 2), 30m, "人"), line.Reason);
    }

    [Fact]
    public void A_measure_started_after_the_reporting_date_is_not_started_then()
    {
        var events = new IDomainEvent[] { Started(year: 2024, month: 5), Level(), Figure("k1", 2023, 4, 240) };
        Assert.Equal(ProgressStatus.NotStarted, Report(D(2024, 3, 31), events).Measure().Status);
        Assert.Equal(ProgressStatus.Achieved, Report(D(2024, 6, 30), events).Measure().Status);
    }
}
