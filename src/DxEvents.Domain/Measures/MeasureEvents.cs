namespace DxEvents.Domain.Measures;

/// <summary>A named funding source (交付金, 補助金, 国庫支出金…) and its amount in 千円.</summary>
public sealed record FundingSource(string Source, long Amount);

/// <summary>One fiscal year's budget in 千円: 事業費 (total), 一般財源 (general funds), named sources.</summary>
public sealed record BudgetFigures(long Total, long GeneralFunds, IReadOnlyList<FundingSource> Funding);

/// <summary>施策 as printed in the plan.</summary>
public sealed record MeasureRegistered(
    string PlanId,
    string MeasureId,
    string PillarId,
    string Title,
    string? Summary,
    string? Department) : IMeasureEvent;

public sealed record MeasureStarted(string PlanId, string MeasureId, DateOnly On, string? Note) : IMeasureEvent;

public sealed record MeasureSuspended(string PlanId, string MeasureId, DateOnly On, string Reason) : IMeasureEvent;

public sealed record MeasureResumed(string PlanId, string MeasureId, DateOnly On, string Reason) : IMeasureEvent;

public sealed record MeasureCompleted(string PlanId, string MeasureId, DateOnly On, string Reason) : IMeasureEvent;

public sealed record MeasureCancelled(string PlanId, string MeasureId, DateOnly On, string Reason) : IMeasureEvent;

/// <summary>工程: ToFiscalYear is null for an open-ended step ("システム稼働 FY2023–").</summary>
public sealed record ScheduleItemPlanned(
    string PlanId,
    string MeasureId,
    string ItemId,
    string Title,
    int FromFiscalYear,
    int? ToFiscalYear) : IMeasureEvent;

public sealed record ScheduleItemCompleted(string PlanId, string MeasureId, string ItemId, DateOnly On, string? Note) : IMeasureEvent;

/// <summary>事業費 as printed. An undetermined year (「比較結果により事業費決定」) has no figures, only the note.</summary>
public sealed record BudgetPlanned(
    string PlanId,
    string MeasureId,
    int FiscalYear,
    BudgetFigures? Figures,
    bool Undetermined,
    string? Note) : IMeasureEvent;

/// <summary>Previous is the figures in force before this revision, or null when the year had none
/// (undetermined, or not in the plan at all).</summary>
public sealed record BudgetRevised(
    string PlanId,
    string MeasureId,
    int FiscalYear,
    BudgetFigures Figures,
    BudgetFigures? Previous,
    string Reason) : IMeasureEvent;
