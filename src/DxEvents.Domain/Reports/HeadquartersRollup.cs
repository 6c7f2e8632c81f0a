using DxEvents.Domain.Fiscal;
using DxEvents.Domain.Kpis;
using DxEvents.Domain.Measures;
using DxEvents.Domain.Status;

namespace DxEvents.Domain.Reports;

/// <summary>
/// The headquarters rollup as a pure function of plan views and one reporting date. Each plan is judged by the
/// status rule under its own tolerances (those in force in the view, i.e. at the view's as-of instant).
/// <list type="bullet">
/// <item>Attention lists off_track, then at_risk, then no_data KPIs, each in plan, pillar and measure order.</item>
/// <item>A figure is due for the last quarter closed by the report's effective date (the reporting date, or the plan's last
/// day for an ended plan, whose last quarter is then still owed) when the measure is started on that date
/// and had first started by the quarter's end, the KPI's window covers the quarter, and no figure is recorded for it.
/// The window is the one the status rule measures over: a sum or average window from target.fromFiscalYear (else the
/// target year), otherwise from the year after the baseline (else target.fromFiscalYear, else the plan's first year),
/// to the target year. A milestone already recorded as done owes nothing more.</item>
/// </list>
/// </summary>
public static class HeadquartersRollup
{
    public static HeadquartersReport Build(IReadOnlyList<PlanView> views, DateOnly reportingDate)
    {
        ArgumentNullException.ThrowIfNull(views);
        var plans = views.OrderBy(v => v.PlanId, StringComparer.Ordinal)
            .Select(v => (View: v, Report: StatusRule.Evaluate(v, reportingDate, v.Tolerances)))
            .ToList();
        var quarter = FiscalQuarter.LastClosedBefore(reportingDate);
        var budget = BudgetTotals.Sum(plans.SelectMany(p => p.Report.Budget))
            .Select(y => new BudgetComparison(y.FiscalYear, new FiscalYear(y.FiscalYear).Wareki, y.Display, y.Planned, y.Current,
                BudgetTotals.Difference(y.Current, y.Planned), y.UndeterminedPlanned, y.UndeterminedCurrent))
            .ToList();
        return new HeadquartersReport(
            views.Count > 0 ? plans[0].View.Municipality : null,
            reportingDate,
            QuarterRef.Of(quarter),
            Sum(plans.Select(p => p.Report.Measures)),
            Sum(plans.Select(p => p.Report.Kpis)),
            budget,
            [.. plans.Select(p => Rollup(p.Report))],
            [.. plans.SelectMany(p => Attention(p.Report)).OrderBy(a => a.Status)],
            [.. plans.SelectMany(p => Due(p.View, p.Report))]);
    }

    /// <summary>The figures due of one plan whose report is already judged (the plan page's list): the same as the rollup's.</summary>
    public static IReadOnlyList<FigureDue> FiguresDue(PlanView view, PlanStatusReport report)
    {
        ArgumentNullException.ThrowIfNull(view);
        ArgumentNullException.ThrowIfNull(report);
        return [.. Due(view, report)];
    }

    public static StatusCounts Sum(IEnumerable<StatusCounts> counts) =>
        counts.Aggregate(new StatusCounts(0, 0, 0, 0, 0, 0, 0), (a, b) => new StatusCounts(
            a.Achieved + b.Achieved, a.OnTrack + b.OnTrack, a.AtRisk + b.AtRisk, a.OffTrack + b.OffTrack,
            a.NoData + b.NoData, a.NotStarted + b.NotStarted, a.Cancelled + b.Cancelled));

    private static PlanRollup Rollup(PlanStatusReport report) => new(
        report.PlanId, report.Title, report.Period, report.EffectiveDate, report.FinalEvaluation, report.FinalEvaluationNote, report.Tolerances, report.AsOfSequence, report.Measures, report.Kpis,
        [.. report.Pillars.Select(p => new PillarRollup(p.PillarId, p.Title, p.Measures, p.Kpis))]);

    private static IEnumerable<KpiAttention> Attention(PlanStatusReport report) =>
        from pillar in report.Pillars
        from measure in pillar.MeasureStatuses
        from kpi in measure.Kpis
        where kpi.Status is ProgressStatus.OffTrack or ProgressStatus.AtRisk or ProgressStatus.NoData
        select new KpiAttention(report.PlanId, report.Title, pillar.PillarId, pillar.Title, measure.MeasureId, measure.Title,
            measure.Department, kpi.KpiId, kpi.Name, kpi.Unit, kpi.Status, kpi.Latest, kpi.Value, kpi.Progress, kpi.Expected, kpi.Reason);

    private static IEnumerable<FigureDue> Due(PlanView view, PlanStatusReport report)
    {
        var quarter = FiscalQuarter.LastClosedBefore(report.EffectiveDate);
        return from pillar in report.Pillars
               from status in pillar.MeasureStatuses
               where status.Lifecycle == MeasureLifecycle.Started
               let measure = view.Measures.Single(m => m.MeasureId == status.MeasureId)
               where measure.StartedOn is { } started && started <= quarter.End
               from kpi in view.Kpis
               where kpi.MeasureId == measure.MeasureId && Covers(kpi, view, quarter) && !Done(kpi, quarter)
               let figure = kpi.Figures.FirstOrDefault(f => f.FiscalYear == quarter.Year.Year && f.Quarter == quarter.Number)
               where figure is null || figure.IsReturned()
               select new FigureDue(view.PlanId, view.Title, pillar.PillarId, measure.MeasureId, measure.Title, measure.Department,
                   kpi.KpiId, kpi.Name, kpi.Unit, QuarterRef.Of(quarter), Returned: figure is not null);
    }

    private static bool Covers(KpiView kpi, PlanView plan, FiscalQuarter quarter)
    {
        var target = kpi.Target;
        var windowed = KpiEvaluation.CombineOf(kpi) is KpiCombine.Sum or KpiCombine.Average;
        var from = windowed ? target.FromFiscalYear ?? target.FiscalYear
            : kpi.Baseline is { } baseline && kpi.Kind != KpiKind.Milestone ? baseline.FiscalYear + 1
            : target.FromFiscalYear ?? plan.FromFiscalYear;
        return quarter.Year.Year >= from && quarter.Year.Year <= target.FiscalYear;
    }

    private static bool Done(KpiView kpi, FiscalQuarter quarter) =>
        kpi.Kind == KpiKind.Milestone && kpi.Figures.Any(f => f.Value == 1m && new FiscalQuarter(f.FiscalYear, f.Quarter) < quarter);
}
