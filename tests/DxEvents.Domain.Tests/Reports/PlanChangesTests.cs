using DxEvents.Domain.Kpis;
using DxEvents.Domain.Measures;
using DxEvents.Domain.Plans;
using DxEvents.Domain.Reports;
using DxEvents.Domain.Status;
using static DxEvents.Domain.Tests.Reports.Timeline;
using static DxEvents.Domain.Tests.Status.StatusFixture;

namespace DxEvents.Domain.Tests.Reports;

public class PlanChangesTests
{
    private static readonly DateTimeOffset Since = Jst(2024, 8, 1, 0);
    private static readonly DateTimeOffset Until = Jst(2024, 11, 20, 12);

    /// <summary>
    /// plan-x (FY2023–FY2025). m01 with level KPI k1 (target 100 at FY2025 end, no baseline), m02 not started,
    /// m03 with level KPI k3 whose only figure is FY2023 Q4. Inside the window: a Q2 figure, its correction, a budget
    /// revision, a tolerance revision, a target revision, and m02's start. One figure after the window.
    /// </summary>
    private static Timeline History()
    {
        var t = new Timeline();
        t.AddAll(Jst(2024, 4, 1), [.. Opening, Started(), Kpi("k1", KpiKind.Level, 100m, 2025),
            new BudgetPlanned(Plan, "m01", 2024, Yen(1000), false, null), Measure("m02"),
            Measure("m03"), Started("m03"), Kpi("k3", KpiKind.Level, 100m, 2025, measure: "m03"), Figure("k3", 2023, 4, 50m, "m03")]);
        t.Add(Jst(2024, 7, 10), Figure("k1", 2024, 1, 30m), "sato");
        t.Add(Jst(2024, 10, 2), new MeasureStarted(Plan, "m02", D(2024, 10, 1), "委託契約締結"), "tanaka");
        t.Add(Jst(2024, 10, 5), Figure("k1", 2024, 2, 35m), "sato");
        t.Add(Jst(2024, 10, 10), new KpiMeasurementCorrected(Plan, "k1", "m01", 2024, 2, 45m, 35m, "集計誤り"), "suzuki", "集計誤り");
        t.Add(Jst(2024, 10, 12), new BudgetRevised(Plan, "m01", 2024, Yen(1200), Yen(1000), "補正予算"), "office", "補正予算");
        t.Add(Jst(2024, 10, 15), new ToleranceRevised(Plan, new Tolerances(0.05m, 0.20m), Tolerances.Default, "本部会議決定"), "office", "本部会議決定");
        t.Add(Jst(2024, 10, 20), new KpiTargetRevised(Plan, "k1", "m01", new KpiTarget(80m, 2025, null), new KpiTarget(100m, 2025, null), "目標見直し"),
            "office", "目標見直し");
        t.Add(Jst(2025, 1, 10), Figure("k1", 2024, 3, 60m), "sato");
        return t;
    }

    private static PlanChangeReport Changes() => PlanChanges.Build(History().Envelopes, Since, Until)!;

    [Fact]
    public void Changes_in_the_window_are_grouped_by_measure_with_the_plan_first_and_nothing_outside_the_window()
    {
        var report = Changes();

        Assert.Equal((D(2024, 8, 1), D(2024, 11, 20), 6), (report.SinceDate, report.UntilDate, report.EventCount));
        Assert.Equal([null, "m01", "m02", "m03"], report.Groups.Select(g => g.MeasureId));
        Assert.Equal(["ToleranceRevised"], report.Groups[0].Changes.Select(c => c.EventType));
        Assert.Equal(["KpiMeasured", "KpiMeasurementCorrected", "BudgetRevised", "KpiTargetRevised"], report.Groups[1].Changes.Select(c => c.EventType));
        Assert.Equal(["MeasureStarted"], report.Groups[2].Changes.Select(c => c.EventType));
        Assert.Empty(report.Groups[3].Changes); // m03 is here because time alone moved its status
        Assert.Equal((Tolerances.Default, new Tolerances(0.05m, 0.20m)), (report.TolerancesAtSince, report.TolerancesAtUntil));
    }

    [Fact]
    public void Each_change_says_before_and_after_and_who_and_why()
    {
        var m01 = Changes().Groups[1].Changes;

        var (figure, correction, budget, target) = (m01[0], m01[1], m01[2], m01[3]);
        Assert.Equal(("実績値の記録", "k1 指標k1 FY2024 Q2（令和6年度第2四半期）", null, "35人", null, 35m),
            (figure.What, figure.Subject, figure.Before, figure.After, figure.ValueBefore, figure.ValueAfter));
        Assert.Equal(("実績値の訂正", "35人", "45人", 35m, 45m, "suzuki", "集計誤り"),
            (correction.What, correction.Before, correction.After, correction.ValueBefore, correction.ValueAfter, correction.Actor, correction.Reason));
        Assert.Equal(Jst(2024, 10, 10), correction.RecordedAt);
        Assert.Equal("実績値の訂正　k1 指標k1 FY2024 Q2（令和6年度第2四半期）：35人 → 45人（理由：集計誤り）［suzuki］", correction.Summary);
        Assert.Equal(("事業費の改訂", "m01 施策m01／FY2024（令和6年度）", "事業費 1,000、一般財源 1,000（千円）", "事業費 1,200、一般財源 1,200（千円）", 1000m, 1200m),
            (budget.What, budget.Subject, budget.Before, budget.After, budget.ValueBefore, budget.ValueAfter));
        Assert.Equal(("100人（FY2025（令和7年度））", "80人（FY2025（令和7年度））"), (target.Before, target.After));
        var tolerance = Changes().Groups[0].Changes[0];
        Assert.Equal(("順調 0.1、要注意 0.25", "順調 0.05、要注意 0.2", "本部会議決定"), (tolerance.Before, tolerance.After, tolerance.Reason));
        var start = Changes().Groups[2].Changes[0];
        Assert.Equal(("施策の開始", "未着手", "実施中（2024-10-01）", "tanaka"), (start.What, start.Before, start.After, start.Actor));
    }

    [Fact]
    public void Statuses_are_judged_at_each_instants_date_on_what_was_known_then_under_the_rules_then()
    {
        var groups = Changes().Groups;

        // At 2024-08-01 (FY2024 Q1 closed): k1 = 30 of 100; e = 489 / 1096 = 0.4462; 0.30 < e − 0.10 but ≥ e − 0.25: at_risk.
        // At 2024-11-20: k1 = 45 (corrected) of 80 → p 0.5625; e = 600 / 1096 = 0.5474; on_track from e − 0.05 = 0.4974.
        var k1 = groups[1].Statuses.Single(s => s.Id == "k1");
        Assert.Equal((ProgressStatus.AtRisk, ProgressStatus.OnTrack, 30m, 45m, 0.3m, 0.5625m, true),
            (k1.Before, k1.After, k1.ValueBefore, k1.ValueAfter, k1.ProgressBefore, k1.ProgressAfter, k1.Changed));
        Assert.Equal(("measure", ProgressStatus.AtRisk, ProgressStatus.OnTrack), (groups[1].Statuses[0].Subject, groups[1].Statuses[0].Before, groups[1].Statuses[0].After));
        // m02: not started at since; started without KPIs or schedule items at until.
        Assert.Equal((ProgressStatus.NotStarted, ProgressStatus.NoData), (groups[2].Statuses[0].Before, groups[2].Statuses[0].After));
        // m03: k3's FY2023 Q4 figure is recent enough on 2024-08-01 (p 0.50 ≥ e − 0.10) and stale by 2024-11-20.
        var k3 = groups[3].Statuses.Single(s => s.Id == "k3");
        Assert.Equal((ProgressStatus.OnTrack, ProgressStatus.NoData), (k3.Before, k3.After));
    }

    [Fact]
    public void A_plan_adopted_inside_the_window_has_no_status_at_since()
    {
        var report = PlanChanges.Build(History().Envelopes, Jst(2024, 3, 1), Until)!;

        Assert.Null(report.MeasuresAtSince);
        Assert.Equal("PlanAdopted", report.Groups[0].Changes[0].EventType);
        Assert.All(report.Groups.SelectMany(g => g.Statuses), s => Assert.Null(s.Before));
        Assert.Equal("事業費の計上", report.Groups.Single(g => g.MeasureId == "m01").Changes.Single(c => c.EventType == "BudgetPlanned").What);
    }

    [Fact]
    public void Unknown_at_until_is_null_and_an_empty_window_is_refused()
    {
        Assert.Null(PlanChanges.Build(History().Envelopes, Jst(2020, 1, 1), Jst(2021, 1, 1)));
        Assert.Throws<ArgumentException>(() => PlanChanges.Build(History().Envelopes, Until, Until));
    }
}
