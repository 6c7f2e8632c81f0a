using DxEvents.Domain.Kpis;
using DxEvents.Domain.Measures;
using DxEvents.Domain.Plans;

namespace DxEvents.Domain.Status;

/// <summary>Who recorded a change, when (server clock), and where it sits in the global order.</summary>
public sealed record RecordedBy(string Actor, DateTimeOffset At, long Sequence);

/// <summary>A plan as the headquarters and auditors read it: its current definition and every revision.
/// Stored as JSONB with <see cref="EventCatalog.JsonOptions"/>; rebuilt by folding envelopes.</summary>
public sealed record PlanView(
    string PlanId,
    string Title,
    Municipality Municipality,
    string Adopted,
    int FromFiscalYear,
    int ToFiscalYear,
    string? Vision,
    string AmountUnit,
    Tolerances Tolerances,
    IReadOnlyList<ToleranceRevisionView> ToleranceRevisions,
    IReadOnlyList<PlanRevisionView> Revisions,
    IReadOnlyList<PillarView> Pillars,
    IReadOnlyList<MeasureView> Measures,
    IReadOnlyList<KpiView> Kpis,
    long LastSequence,
    DateTimeOffset LastRecordedAt,
    string? Predecessor = null);

public sealed record ToleranceRevisionView(Tolerances Tolerances, Tolerances Previous, string Reason, RecordedBy Recorded);

public sealed record PlanRevisionView(
    string Revised, string Title, int FromFiscalYear, int ToFiscalYear, string? Vision, string Reason, RecordedBy Recorded);

public sealed record PillarView(string PillarId, string Title, int Order);

/// <summary>施策 with its lifecycle, schedule and budget. StartedOn is the first start, which decides not_started.</summary>
public sealed record MeasureView(
    string MeasureId,
    string PillarId,
    string Title,
    string? Summary,
    string? Department,
    MeasureLifecycle Lifecycle,
    DateOnly? StartedOn,
    IReadOnlyList<LifecycleChangeView> LifecycleHistory,
    IReadOnlyList<ScheduleItemView> Schedule,
    IReadOnlyList<BudgetYearView> Budget);

/// <summary>Text is the start note or the reason of the change.</summary>
public sealed record LifecycleChangeView(MeasureLifecycle To, DateOnly On, string? Text, RecordedBy Recorded);

public sealed record ScheduleItemView(
    string ItemId, string Title, int FromFiscalYear, int? ToFiscalYear, DateOnly? CompletedOn, string? Note, RecordedBy? Completed);

/// <summary>One fiscal year of 事業費: the plan's figure (or undetermined), every revision, and the figures in force.
/// InPlan is false for a year that only a revision introduced.</summary>
public sealed record BudgetYearView(
    int FiscalYear,
    bool InPlan,
    BudgetFigures? Planned,
    bool PlannedUndetermined,
    string? PlannedNote,
    IReadOnlyList<BudgetRevisionView> Revisions,
    BudgetFigures? Current);

public sealed record BudgetRevisionView(BudgetFigures Figures, BudgetFigures? Previous, string Reason, RecordedBy Recorded);

/// <summary>数値目標: as planned, as currently in force, and every revision and figure.</summary>
public sealed record KpiView(
    string KpiId,
    string MeasureId,
    string Name,
    string? Unit,
    KpiKind Kind,
    KpiCombine? Combine,
    KpiDirection Direction,
    string? Note,
    KpiBaseline? PlannedBaseline,
    KpiTarget PlannedTarget,
    KpiBaseline? Baseline,
    KpiTarget Target,
    IReadOnlyList<KpiTargetRevisionView> TargetRevisions,
    IReadOnlyList<KpiBaselineRevisionView> BaselineRevisions,
    IReadOnlyList<QuarterFigureView> Figures);

public sealed record KpiTargetRevisionView(KpiTarget Target, KpiTarget Previous, string Reason, RecordedBy Recorded);

public sealed record KpiBaselineRevisionView(KpiBaseline Baseline, KpiBaseline? Previous, string Reason, RecordedBy Recorded);

/// <summary>A quarter's figure: Value is current; RecordedValue is what was first recorded; corrections in order. Review is
/// null for a figure in force recorded without review (it counts as it is, as every figure did before review existed).</summary>
public sealed record QuarterFigureView(
    int FiscalYear,
    int Quarter,
    decimal Value,
    decimal RecordedValue,
    string? Note,
    RecordedBy Recorded,
    IReadOnlyList<FigureCorrectionView> Corrections,
    FigureReviewView? Review = null)
{
    /// <summary>The value the status counts: the figure in force unless it waits or was returned, and then the last value that
    /// counted before it (a confirmed or unreviewed earlier version), or nothing.</summary>
    public decimal? Counted() => Review is null or { Review: FigureReview.NotReviewed or FigureReview.Confirmed } ? Value : Review.Counted;

    public bool AwaitsReview() => Review?.Review == FigureReview.Waiting;

    /// <summary>The office returned the figure in force (差し戻し): its department owes the quarter again.</summary>
    public bool IsReturned() => Review?.Review == FigureReview.Returned;
}

/// <summary>The office's review of the figure in force. Counted: the value that counts while it is not confirmed (null:
/// none). Reason and Decided: the office's return reason, and who decided, when. NotReviewed: a reviewed figure corrected
/// while review was off, which counts as recorded.</summary>
public sealed record FigureReviewView(FigureReview Review, decimal? Counted, string? Reason, RecordedBy? Decided);

public sealed record FigureCorrectionView(decimal Value, decimal PreviousValue, string Reason, RecordedBy Recorded);
