using DxEvents.Domain.Kpis;
using DxEvents.Domain.Measures;
using DxEvents.Domain.Reports;
using DxEvents.Domain.Status;
using static DxEvents.Domain.Tests.Status.StatusFixture;

namespace DxEvents.Domain.Tests.Status;

/// <summary>The fixture's plan runs FY2023–FY2025 and ends on 2026-03-31. Read later, it is judged at that day: its final
/// evaluation. A level KPI without baseline, target 240 in FY2025, is then expected to have gone the whole way:
/// e = 1,096 / 1,096 days = 1.</summary>
public class PlanEndRuleTests
{
    private static readonly DateOnly PlanEnd = D(2026, 3, 31);

    private static KpiDefined Level() => Kpi("k1", KpiKind.Level, 240m, 2025);

    private static ScheduleItemPlanned Item(string id, int to) => new(Plan, "m01", id, $"工程{id}", 2023, to);

    [Fact]
    public void Read_after_the_plan_a_figure_for_its_last_quarter_is_judged_at_the_plan_end()
    {
        // Without the plan's end the last two closed quarters on 2026-12-06 would be FY2026 Q1–Q2, which lie after the plan:
        // no_data. At the end: p = 230 / 240 = 0.95833 ≥ e − 0.10 = 0.90 → on_track.
        var report = Report(D(2026, 12, 6), Started(), Level(), Figure("k1", 2025, 4, 230));

        var line = report.Line();
        Assert.Equal((0.9583m, 1m, ProgressStatus.OnTrack), (line.Progress, line.Expected, line.Status));
        Assert.Equal((true, PlanEnd, D(2026, 12, 6)), (report.FinalEvaluation, report.EffectiveDate, report.ReportingDate));
        Assert.Equal(new QuarterRef(2025, 4, "FY2025 Q4（令和7年度第4四半期）"), report.LastClosedQuarter);
        Assert.Equal("計画期間終了：FY2025（令和7年度）末時点の最終評価", report.FinalEvaluationNote!.Ja);
        Assert.Equal("final-evaluation", report.FinalEvaluationNote.Code);
    }

    [Fact]
    public void The_final_status_compares_the_figure_with_the_whole_way_to_the_final_target()
    {
        // p = 200 / 240 = 0.83333: below 1 − 0.10, at or above 1 − 0.25 → at_risk; 170 / 240 = 0.70833 → off_track.
        Assert.Equal(ProgressStatus.AtRisk, Report(D(2027, 5, 1), Started(), Level(), Figure("k1", 2025, 4, 200)).Line().Status);
        Assert.Equal(ProgressStatus.OffTrack, Report(D(2027, 5, 1), Started(), Level(), Figure("k1", 2025, 4, 170)).Line().Status);
    }

    [Fact]
    public void The_plan_ends_with_its_last_day_and_the_final_evaluation_begins_the_next()
    {
        IDomainEvent[] events = [Started(), Level(), Figure("k1", 2025, 4, 230)];
        var lastDay = Report(PlanEnd, events);
        var nextDay = Report(D(2026, 4, 1), events);

        Assert.Equal((false, PlanEnd, null), (lastDay.FinalEvaluation, lastDay.EffectiveDate, lastDay.FinalEvaluationNote));
        Assert.Equal((true, PlanEnd), (nextDay.FinalEvaluation, nextDay.EffectiveDate));
        // Both judge the same figures on the same day.
        Assert.Equal(lastDay.Line(), nextDay.Line());
    }

    [Fact]
    public void Figures_for_quarters_after_the_plan_do_not_count()
    {
        // FY2026 Q1's 300 would reach the target; the final evaluation reads FY2025 Q4's 230.
        var line = Report(D(2026, 12, 6), Started(), Level(), Figure("k1", 2025, 4, 230), Figure("k1", 2026, 1, 300)).Line();
        Assert.Equal((230m, 2025, 4, ProgressStatus.OnTrack), (line.Value, line.Latest!.FiscalYear, line.Latest.Quarter, line.Status));
    }

    [Fact]
    public void A_plan_whose_last_figures_are_missing_has_no_data_in_its_final_evaluation_naming_its_last_quarters()
    {
        var line = Report(D(2026, 12, 6), Started(), Level(), Figure("k1", 2025, 2, 230)).Line();
        Assert.Equal(ProgressStatus.NoData, line.Status);
        Assert.Equal(new LatestFigureTooOld(new(2025, 2), new(2025, 3), new(2025, 4)), line.Reason);
    }

    [Fact]
    public void A_schedule_item_due_by_the_plan_end_and_not_done_then_is_late_in_the_final_evaluation()
    {
        // s1 runs to FY2025: on the plan's last day it may still be finished (on_track); once the plan is over it is late,
        // even though it was finished later, on 2026-05-10. s2 was done within the plan.
        IDomainEvent[] events =
        [
            Started(), Item("s1", 2025), Item("s2", 2024),
            new ScheduleItemCompleted(Plan, "m01", "s2", D(2025, 3, 1), null),
            new ScheduleItemCompleted(Plan, "m01", "s1", D(2026, 5, 10), null),
        ];

        Assert.Equal(ProgressStatus.OnTrack, Report(PlanEnd, events).Measure().Status);
        var final = Report(D(2026, 6, 1), events).Measure();
        Assert.Equal((ProgressStatus.AtRisk, "s1", 1), (final.Status, Assert.Single(final.Schedule.LateItemIds), final.Schedule.Completed));
    }

    [Fact]
    public void A_lifecycle_change_after_the_plan_does_not_change_its_final_evaluation()
    {
        IDomainEvent[] events = [Started(), Level(), Figure("k1", 2025, 4, 230), new MeasureCancelled(Plan, "m01", D(2026, 6, 1), "次期計画へ統合")];
        var measure = Report(D(2026, 12, 6), events).Measure();
        Assert.Equal((MeasureLifecycle.Started, ProgressStatus.OnTrack), (measure.Lifecycle, measure.Status));
    }

    [Fact]
    public void The_figures_due_of_an_ended_plan_are_those_of_its_last_quarter()
    {
        // k1 has FY2025 Q3 but not Q4: owed for the final evaluation, never for FY2026 Q2 (outside the plan).
        var view = History.View([.. Opening, Started(), Level(), Figure("k1", 2025, 3, 200)]);
        var report = StatusRule.Evaluate(view, D(2026, 12, 6), view.Tolerances);

        var due = Assert.Single(HeadquartersRollup.FiguresDue(view, report));
        Assert.Equal(("k1", new QuarterRef(2025, 4, "FY2025 Q4（令和7年度第4四半期）")), (due.KpiId, due.Quarter));
        Assert.Equal(due, Assert.Single(HeadquartersRollup.Build([view], D(2026, 12, 6)).FiguresDue));
    }
}
