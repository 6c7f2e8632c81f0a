using DxEvents.Domain.Kpis;
using DxEvents.Domain.Measures;
using DxEvents.Domain.Plans;
using DxEvents.Domain.Reports;
using DxEvents.Domain.Status;
using DxEvents.Domain.Tests.Status;
using static DxEvents.Domain.Tests.Status.StatusFixture;

namespace DxEvents.Domain.Tests.Reports;

public class HeadquartersRollupTests
{
    // Reporting date 2024-11-20: the last closed quarter is FY2024 Q2 (Jul–Sep 2024).
    private static readonly DateOnly Date = D(2024, 11, 20);

    // plan-x, FY2023–FY2025: e for a FY2025 target without baseline = (2024-11-20 − 2023-04-01 + 1) / 1096 = 600 / 1096 = 0.5474.
    // k1 = 30 → p 0.30 ≥ e − 0.25 = 0.2974: at_risk. k2 = 10 → p 0.10: off_track. k3's latest is FY2023 Q4, older than Q1: no_data.
    // m02 has not started: k4 not_started.
    private static PlanView PlanX() => History.View(PlanXEvents());

    private static IDomainEvent[] PlanXEvents() => [
        .. Opening, Started(),
        Kpi("k1", KpiKind.Level, 100m, 2025), Figure("k1", 2024, 1, 30m),
        Kpi("k2", KpiKind.Level, 100m, 2025), Figure("k2", 2024, 2, 10m),
        Kpi("k3", KpiKind.Level, 100m, 2025), Figure("k3", 2023, 4, 80m),
        Measure("m02"), Kpi("k4", KpiKind.Level, 100m, 2025, measure: "m02"),
        new BudgetPlanned(Plan, "m01", 2024, Timeline.Yen(1000), false, null),
        new BudgetRevised(Plan, "m01", 2024, Timeline.Yen(1200), Timeline.Yen(1000), "補正予算"),
        new BudgetPlanned(Plan, "m02", 2024, Timeline.Yen(500), false, null),
        new BudgetPlanned(Plan, "m02", 2025, null, true, "比較結果により事業費決定"),
    ];

    // plan-y, FY2024–FY2026, n01 started 2024-04-01.
    // k5 flow, window FY2024 only, target 40: sum 10 + 12 = 22, p 0.55; e = 234 / 365 = 0.6411, on_track from 0.5411.
    // k6 milestone done in FY2024 Q1: achieved. k7's window opens after its FY2025 baseline: no figure yet, no_data, nothing owed.
    private const string Y = "plan-y";

    private static PlanView PlanY() => History.View([
        new PlanAdopted(Y, "計画Y", new Municipality("市", "県", "123456"), "2024-03", 2024, 2026, null, "千円", Tolerances.Default),
        new PillarAdded(Y, "q1", "柱Y", 1),
        new MeasureRegistered(Y, "n01", "q1", "施策n01", null, "情報政策課"),
        new MeasureStarted(Y, "n01", D(2024, 4, 1), null),
        new KpiDefined(Y, "k5", "n01", "参加者数", "人", KpiKind.Flow, null, KpiDirection.Increase, null, new KpiTarget(40m, 2024, 2024), null),
        new KpiMeasured(Y, "k5", "n01", 2024, 1, 10m, null),
        new KpiMeasured(Y, "k5", "n01", 2024, 2, 12m, null),
        new KpiDefined(Y, "k6", "n01", "制度の導入", null, KpiKind.Milestone, null, KpiDirection.Increase, null, new KpiTarget(null, 2025, null), null),
        new KpiMeasured(Y, "k6", "n01", 2024, 1, 1m, null),
        new KpiDefined(Y, "k7", "n01", "登録者数", "人", KpiKind.Level, null, KpiDirection.Increase, new KpiBaseline(10m, 2025), new KpiTarget(50m, 2026, null), null),
        new BudgetPlanned(Y, "n01", 2024, Timeline.Yen(300), false, null),
    ]);

    private static HeadquartersReport Rollup() => HeadquartersRollup.Build([PlanY(), PlanX()], Date);

    [Fact]
    public void Every_plan_is_listed_and_totals_count_measures_and_kpis_by_status()
    {
        var report = Rollup();

        Assert.Equal(["plan-x", "plan-y"], report.Plans.Select(p => p.PlanId));
        Assert.Equal(new QuarterRef(2024, 2, "FY2024 Q2（令和6年度第2四半期）"), report.LastClosedQuarter);
        // KPIs: k5 on_track, k6 achieved, k1 at_risk, k2 off_track, k3 and k7 no_data, k4 not_started.
        Assert.Equal(new StatusCounts(Achieved: 1, OnTrack: 1, AtRisk: 1, OffTrack: 1, NoData: 2, NotStarted: 1, Cancelled: 0), report.Kpis);
        // Measures: m01 takes k2 (off_track), m02 not_started, n01 takes k7 (no_data ranks below on_track and achieved).
        Assert.Equal(new StatusCounts(0, 0, 0, OffTrack: 1, NoData: 1, NotStarted: 1, 0), report.Measures);
        Assert.Equal(new StatusCounts(0, 0, 1, 1, 1, 1, 0), report.Plans[0].Kpis);
        Assert.Equal("p1", Assert.Single(report.Plans[0].Pillars).PillarId);
        Assert.Equal(new Municipality("市", "県", null), report.Municipality);
    }

    [Fact]
    public void Budgets_are_summed_per_fiscal_year_planned_against_current_with_wareki()
    {
        var budget = Rollup().Budget;

        // FY2024: planned 1000 + 500 + 300 = 1800, current 1200 + 500 + 300 = 2000. FY2025: m02 undetermined, counted not summed.
        Assert.Equal(
            [
                new BudgetComparison(2024, "令和6年度", "FY2024（令和6年度）", 1800, 2000, 200, 0, 0),
                new BudgetComparison(2025, "令和7年度", "FY2025（令和7年度）", 0, 0, 0, 1, 1),
            ],
            budget);
    }

    [Fact]
    public void Totals_that_pass_64_bits_from_events_stored_before_the_bound_read_as_the_largest_value_not_an_error()
    {
        // Two measures of 2^62 each, as budget revisions accepted before amounts were bounded could store: 2^63 overflows a long.
        var huge = new BudgetFigures(4_611_686_018_427_387_904, 0, []);
        var view = History.View([
            new PlanAdopted(Y, "計画Y", new Municipality("市", "県", "123456"), "2024-03", 2024, 2026, null, "千円", Tolerances.Default),
            new PillarAdded(Y, "q1", "柱Y", 1),
            new MeasureRegistered(Y, "n01", "q1", "施策1", null, null),
            new MeasureRegistered(Y, "n02", "q1", "施策2", null, null),
            new BudgetPlanned(Y, "n01", 2024, Timeline.Yen(0), false, null),
            new BudgetPlanned(Y, "n02", 2024, Timeline.Yen(0), false, null),
            new BudgetRevised(Y, "n01", 2024, huge, Timeline.Yen(0), "補正"),
            new BudgetRevised(Y, "n02", 2024, huge, Timeline.Yen(0), "補正"),
        ]);

        var report = HeadquartersRollup.Build([view], Date);

        Assert.Equal(new BudgetComparison(2024, "令和6年度", "FY2024（令和6年度）", 0, long.MaxValue, long.MaxValue, 0, 0), Assert.Single(report.Budget));
    }

    [Fact]
    public void Off_track_then_at_risk_then_no_data_kpis_are_listed_with_their_numbers()
    {
        var attention = Rollup().Attention;

        Assert.Equal([("plan-x", "k2", ProgressStatus.OffTrack), ("plan-x", "k1", ProgressStatus.AtRisk),
            ("plan-x", "k3", ProgressStatus.NoData), ("plan-y", "k7", ProgressStatus.NoData)],
            attention.Select(a => (a.PlanId, a.KpiId, a.Status)));
        var k1 = attention[1];
        Assert.Equal(("p1", "柱", "m01", "施策m01", "指標k1"), (k1.PillarId, k1.PillarTitle, k1.MeasureId, k1.MeasureTitle, k1.KpiName));
        Assert.Equal((30m, 0.3m, 0.5474m), (k1.Value, k1.Progress, k1.Expected));
        Assert.Equal(new QuarterRef(2024, 1, "FY2024 Q1（令和6年度第1四半期）"), k1.Latest);
    }

    [Fact]
    public void Figures_due_are_those_of_started_measures_for_the_last_closed_quarter_not_yet_recorded()
    {
        var due = Rollup().FiguresDue;

        // k2 has its Q2 figure, k4's measure has not started, k5 has Q2, k6 is done, k7's window starts in FY2026.
        Assert.Equal([("plan-x", "m01", "k1"), ("plan-x", "m01", "k3")], due.Select(d => (d.PlanId, d.MeasureId, d.KpiId)));
        Assert.All(due, d => Assert.Equal(new QuarterRef(2024, 2, "FY2024 Q2（令和6年度第2四半期）"), d.Quarter));
    }

    [Theory]
    [InlineData(2024, 9, 30, true)]   // started on the quarter's last day: its figure is owed
    [InlineData(2024, 10, 1, false)]  // started after the quarter closed
    public void A_measure_owes_the_quarter_only_if_it_had_started_by_its_end(int year, int month, int day, bool owed)
    {
        var view = History.View([.. Opening, Started(year: year, month: month, day: day), Kpi("k1", KpiKind.Level, 100m, 2025)]);
        Assert.Equal(owed, HeadquartersRollup.Build([view], Date).FiguresDue.Count == 1);
    }

    [Fact]
    public void A_figure_the_office_returned_is_owed_again_and_one_waiting_for_its_review_is_not()
    {
        // plan-x's k2 has its FY2024 Q2 figure; k1 and k3 owe theirs.
        var waiting = History.View([.. PlanXEvents(), new KpiFigureSubmittedForReview(Plan, "k2", "m01", 2024, 2, 10m)]);
        var returned = History.View([.. PlanXEvents(), new KpiFigureSubmittedForReview(Plan, "k2", "m01", 2024, 2, 10m),
            new KpiFigureReturned(Plan, "k2", "m01", 2024, 2, 10m, "根拠資料がありません")]);

        Assert.Equal([("k1", false), ("k3", false)], HeadquartersRollup.Build([waiting], Date).FiguresDue.Select(d => (d.KpiId, d.Returned)));
        Assert.Equal([("k1", false), ("k2", true), ("k3", false)], HeadquartersRollup.Build([returned], Date).FiguresDue.Select(d => (d.KpiId, d.Returned)));
    }

    [Fact]
    public void A_suspended_measure_owes_nothing_and_a_flow_window_that_has_closed_owes_nothing()
    {
        var suspended = History.View([.. Opening, Started(), Kpi("k1", KpiKind.Level, 100m, 2025),
            new MeasureSuspended(Plan, "m01", D(2024, 10, 1), "休止")]);
        var closedWindow = History.View([.. Opening, Started(), Kpi("k1", KpiKind.Flow, 100m, 2023, from: 2023)]);

        Assert.Empty(HeadquartersRollup.Build([suspended], Date).FiguresDue);
        Assert.Empty(HeadquartersRollup.Build([closedWindow], Date).FiguresDue);
    }

    [Fact]
    public void No_plans_give_an_empty_rollup()
    {
        var report = HeadquartersRollup.Build([], Date);
        Assert.Null(report.Municipality);
        Assert.Equal(new StatusCounts(0, 0, 0, 0, 0, 0, 0), report.Kpis);
        Assert.Empty(report.Plans);
    }
}
