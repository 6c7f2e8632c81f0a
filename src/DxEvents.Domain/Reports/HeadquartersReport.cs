using DxEvents.Domain.Plans;
using DxEvents.Domain.Status;
using DxEvents.Domain.Texts;

namespace DxEvents.Domain.Reports;

/// <summary>What DX推進本部 reads first: every plan of the municipality at one reporting date, totals by status,
/// 事業費 per fiscal year planned against current, the KPIs that need attention, and the figures still owed.</summary>
public sealed record HeadquartersReport(
    Municipality? Municipality,
    DateOnly ReportingDate,
    QuarterRef LastClosedQuarter,
    StatusCounts Measures,
    StatusCounts Kpis,
    IReadOnlyList<BudgetComparison> Budget,
    IReadOnlyList<PlanRollup> Plans,
    IReadOnlyList<KpiAttention> Attention,
    IReadOnlyList<FigureDue> FiguresDue);

/// <summary>One plan in the rollup, judged by the tolerances in force in its own view; an ended plan by its final evaluation
/// (at EffectiveDate, its last day).</summary>
public sealed record PlanRollup(
    string PlanId,
    string Title,
    FiscalYearSpan Period,
    DateOnly EffectiveDate,
    bool FinalEvaluation,
    Text? FinalEvaluationNote,
    Tolerances Tolerances,
    long AsOfSequence,
    StatusCounts Measures,
    StatusCounts Kpis,
    IReadOnlyList<PillarRollup> Pillars);

public sealed record PillarRollup(string PillarId, string Title, StatusCounts Measures, StatusCounts Kpis);

/// <summary>事業費 of one fiscal year over every plan, 千円. Difference = current − planned; undetermined lines are counted, not summed.</summary>
public sealed record BudgetComparison(
    int FiscalYear,
    string Wareki,
    string Display,
    long Planned,
    long Current,
    long Difference,
    int UndeterminedPlanned,
    int UndeterminedCurrent);

/// <summary>An off_track, at_risk or no_data KPI with where it sits and the numbers it was judged on.</summary>
public sealed record KpiAttention(
    string PlanId,
    string PlanTitle,
    string PillarId,
    string PillarTitle,
    string MeasureId,
    string MeasureTitle,
    string? Department,
    string KpiId,
    string KpiName,
    string? Unit,
    ProgressStatus Status,
    QuarterRef? Latest,
    decimal? Value,
    decimal? Progress,
    decimal? Expected,
    Text? Reason);

/// <summary>A quarterly figure that is due (its quarter has closed, its measure had started, its KPI's window covers it)
/// and has not been handed in: not recorded, or returned by the office (<paramref name="Returned"/>: 差し戻し, owed again).
/// A figure waiting for the office's review is handed in: the department owes nothing for it.</summary>
public sealed record FigureDue(
    string PlanId,
    string PlanTitle,
    string PillarId,
    string MeasureId,
    string MeasureTitle,
    string? Department,
    string KpiId,
    string KpiName,
    string? Unit,
    QuarterRef Quarter,
    bool Returned = false);
