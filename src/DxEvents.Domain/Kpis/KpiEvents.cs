namespace DxEvents.Domain.Kpis;

/// <summary>How quarterly figures combine (docs/design.md, docs/status-rule.md).</summary>
public enum KpiKind
{
    Level,
    Flow,
    Rate,
    Milestone,
}

/// <summary>Overrides the kind's default combination (「平均70%」 → Average).</summary>
public enum KpiCombine
{
    Latest,
    Sum,
    Average,
}

public enum KpiDirection
{
    Increase,
    Decrease,
}

/// <summary>現状値, read at the end of its fiscal year.</summary>
public sealed record KpiBaseline(decimal Value, int FiscalYear);

/// <summary>目標値 at the end of FiscalYear; FromFiscalYear opens a flow window (「令和4〜6年度の利用者数」).
/// A milestone's target has no value: done = 1.</summary>
public sealed record KpiTarget(decimal? Value, int FiscalYear, int? FromFiscalYear);

/// <summary>数値目標 as printed. Combine is kept as printed (null = the kind's default).</summary>
public sealed record KpiDefined(
    string PlanId,
    string KpiId,
    string MeasureId,
    string Name,
    string? Unit,
    KpiKind Kind,
    KpiCombine? Combine,
    KpiDirection Direction,
    KpiBaseline? Baseline,
    KpiTarget Target,
    string? Note) : IKpiEvent;

public sealed record KpiTargetRevised(
    string PlanId,
    string KpiId,
    string MeasureId,
    KpiTarget Target,
    KpiTarget Previous,
    string Reason) : IKpiEvent;

public sealed record KpiBaselineRevised(
    string PlanId,
    string KpiId,
    string MeasureId,
    KpiBaseline Baseline,
    KpiBaseline? Previous,
    string Reason) : IKpiEvent;

public sealed record KpiMeasured(
    string PlanId,
    string KpiId,
    string MeasureId,
    int FiscalYear,
    int Quarter,
    decimal Value,
    string? Note) : IKpiEvent;

/// <summary>Names the figure it corrects by quarter and the value it replaces; the original stays in history.</summary>
public sealed record KpiMeasurementCorrected(
    string PlanId,
    string KpiId,
    string MeasureId,
    int FiscalYear,
    int Quarter,
    decimal Value,
    decimal PreviousValue,
    string Reason) : IKpiEvent;

/// <summary>The figure just recorded or corrected (appended right after its KpiMeasured or KpiMeasurementCorrected, in the
/// same command) was recorded while the municipality's review was on: it waits for the office, and until the office confirms
/// it the quarter counts the value that counted before it, if any. A figure without this event counts as recorded.</summary>
public sealed record KpiFigureSubmittedForReview(
    string PlanId,
    string KpiId,
    string MeasureId,
    int FiscalYear,
    int Quarter,
    decimal Value) : IKpiEvent;

/// <summary>The office confirmed the quarter's figure in force, whose value it names: from now on that value counts.</summary>
public sealed record KpiFigureConfirmed(
    string PlanId,
    string KpiId,
    string MeasureId,
    int FiscalYear,
    int Quarter,
    decimal Value) : IKpiEvent;

/// <summary>The office sent the quarter's figure (the value it names) back to its department with a reason; it does not
/// count, and a correction submits it again.</summary>
public sealed record KpiFigureReturned(
    string PlanId,
    string KpiId,
    string MeasureId,
    int FiscalYear,
    int Quarter,
    decimal Value,
    string Reason) : IKpiEvent;
