using DxEvents.Domain.Fiscal;
using DxEvents.Domain.Measures;
using DxEvents.Domain.Plans;

namespace DxEvents.Domain.Status;

/// <summary>
/// The status rule (docs/status-rule.md, with worked examples), stated so that anyone can recompute a report from the events:
/// <list type="bullet">
/// <item>Only figures of quarters that have ended on or before the reporting date count.</item>
/// <item>v: level, rate and milestone take the latest such figure; flow sums the window
/// [target.fromFiscalYear (else the target year) … target year]; combine=average averages that window.</item>
/// <item>p = (v − b) / (t − b). b is the baseline, or 0 without one. A flow sum is measured from 0 at the window start
/// whatever the baseline (an earlier year's amount is not part of this window's sum). A milestone has b = 0, t = 1.
/// When t = b, p is 1 if v has reached t in the KPI's direction, else 0.</item>
/// <item>e = days elapsed through the reporting date ÷ days from the start to the end of the target fiscal year, in [0, 1].
/// The start is the day after the baseline fiscal year ends; without a baseline (and for flow sums), the start of
/// target.fromFiscalYear, else of the plan period.</item>
/// <item>achieved p ≥ 1; on_track p ≥ e − onTrack; at_risk p ≥ e − atRisk; off_track otherwise.</item>
/// <item>no_data (latest kinds): no figure in the last two closed quarters. A milestone recorded as done stays achieved.
/// no_data (window kinds): once two quarters of the window have closed, no figure in its latest two closed quarters;
/// before that a sum counts as 0 so far, and an average with no figure yet is no_data.</item>
/// <item>A measure not started by the reporting date is not_started, a cancelled one cancelled, whatever its KPIs. The KPIs
/// of a measure not started are not_started too, not judged; figures recorded for them all the same are shown (latest,
/// value) with a reason that says so.
/// Otherwise it takes its worst KPI's status: off_track &lt; at_risk &lt; no_data &lt; on_track &lt; achieved.
/// Missing data ranks below on_track so that it is never hidden by a good KPI, and above at_risk so that a real
/// risk is not hidden by a missing figure.</item>
/// <item>A measure without KPIs is judged by its schedule: an item is late when its last fiscal year ended before the
/// reporting date and it was not completed by then. None late: on_track; one: at_risk; more: off_track;
/// no schedule items either: no_data.</item>
/// <item>A plan's end: a reporting date after the last day of the plan's last fiscal year judges the plan at that day, its
/// final evaluation (最終評価): every rule above is applied with the plan's last day as the date (its effective date), so the
/// figures of quarters within the plan count against the targets in force, and the last two closed quarters are the plan's
/// last two. A schedule item due by the plan's end and not completed by then is late, the plan being over. The report says
/// so (finalEvaluation, effectiveDate, its note); the reporting date asked for stays in it.</item>
/// <item>Figures are those that count: a figure recorded while the office's review was on counts once confirmed; until then
/// (and when returned) its quarter reads the last value that counted before it, or no figure (awaitingReview says how many).</item>
/// </list>
/// </summary>
public static class StatusRule
{
    public static PlanStatusReport Evaluate(PlanView view, DateOnly reportingDate, Tolerances tolerances)
    {
        ArgumentNullException.ThrowIfNull(view);
        ArgumentNullException.ThrowIfNull(tolerances);
        var planEnd = new FiscalYear(view.ToFiscalYear);
        var final = reportingDate > planEnd.End;
        var date = final ? planEnd.End : reportingDate;
        var measures = view.Measures.Select(m => EvaluateMeasure(m, view, date, final, tolerances)).ToList();
        var pillars = view.Pillars
            .OrderBy(p => p.Order)
            .Select(p => Pillar(p, measures.Where(m => m.PillarId == p.PillarId).ToList()))
            .ToList();
        return new PlanStatusReport(
            view.PlanId, view.Title, view.Municipality,
            new FiscalYearSpan(view.FromFiscalYear, view.ToFiscalYear, $"{new FiscalYear(view.FromFiscalYear).Display}〜{new FiscalYear(view.ToFiscalYear).Display}"),
            reportingDate, date, final, final ? new FinalEvaluationAt(planEnd) : null, QuarterRef.Of(FiscalQuarter.LastClosedBefore(date)),
            tolerances, view.LastSequence,
            StatusCounts.Of(measures.Select(m => m.Status)), StatusCounts.Of(measures.SelectMany(m => m.Kpis).Select(k => k.Status)),
            BudgetTotals.Sum(measures.SelectMany(m => m.Budget)), pillars, measures.SelectMany(m => m.Kpis).Sum(k => k.AwaitingReview));
    }

    private static PillarStatus Pillar(PillarView pillar, List<MeasureStatus> measures) => new(
        pillar.PillarId, pillar.Title,
        StatusCounts.Of(measures.Select(m => m.Status)), StatusCounts.Of(measures.SelectMany(m => m.Kpis).Select(k => k.Status)),
        BudgetTotals.Sum(measures.SelectMany(m => m.Budget)), measures);

    private static MeasureStatus EvaluateMeasure(MeasureView measure, PlanView view, DateOnly date, bool final, Tolerances tolerances)
    {
        var lifecycle = LifecycleOn(measure, date);
        var schedule = ScheduleOn(measure, date, final);
        var budget = BudgetTotals.Of(measure);
        var kpis = view.Kpis.Where(k => k.MeasureId == measure.MeasureId).ToList();
        var status = new MeasureStatus(measure.MeasureId, measure.PillarId, measure.Title, measure.Department, lifecycle, ProgressStatus.NoData, "lifecycle",
            null, [], schedule, budget);

        if (lifecycle == MeasureLifecycle.Planned)
        {
            var lines = kpis.Select(k => KpiEvaluation.NotStarted(k, date)).ToList();
            return status with { Status = ProgressStatus.NotStarted, Reason = new MeasureNotStartedBy(date), Kpis = lines };
        }

        var evaluated = kpis.Select(k => KpiEvaluation.Evaluate(k, view, date, tolerances)).ToList();
        if (lifecycle == MeasureLifecycle.Cancelled)
        {
            return status with { Status = ProgressStatus.Cancelled, Reason = new MeasureCancelledBy(date), Kpis = evaluated };
        }

        if (evaluated.Count > 0)
        {
            return status with { Status = evaluated.Min(k => k.Status), Basis = "kpis", Kpis = evaluated };
        }

        return schedule switch
        {
            { Items: 0 } => status with { Basis = "schedule", Reason = new NothingToJudgeBy() },
            { LateItemIds.Count: 0 } => status with { Status = ProgressStatus.OnTrack, Basis = "schedule" },
            { LateItemIds.Count: 1 } => status with { Status = ProgressStatus.AtRisk, Basis = "schedule" },
            _ => status with { Status = ProgressStatus.OffTrack, Basis = "schedule" },
        };
    }

    /// <summary>The lifecycle in force at the end of the date, from the dates the changes took effect.</summary>
    private static MeasureLifecycle LifecycleOn(MeasureView measure, DateOnly date) =>
        measure.LifecycleHistory.LastOrDefault(c => c.On <= date)?.To ?? MeasureLifecycle.Planned;

    private static ScheduleAdherence ScheduleOn(MeasureView measure, DateOnly date, bool final)
    {
        bool DoneBy(ScheduleItemView item) => item.CompletedOn is { } on && on <= date;
        // An item may still be finished on the last day of its last year; it is late from the next day. At the plan's end
        // there is no next day within the plan: what is due by then and not done is late.
        var lateFrom = final ? date.AddDays(1) : date;
        var late = measure.Schedule
            .Where(i => i.ToFiscalYear is { } to && new FiscalYear(to).End < lateFrom && !DoneBy(i))
            .Select(i => i.ItemId)
            .ToList();
        return new ScheduleAdherence(measure.Schedule.Count, measure.Schedule.Count(DoneBy), late);
    }
}
