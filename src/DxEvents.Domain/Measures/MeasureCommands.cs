namespace DxEvents.Domain.Measures;

/// <summary>A command on one measure's stream; the stream supplies the plan and measure ids.</summary>
public abstract record MeasureCommand;

public sealed record StartMeasure(DateOnly On, string? Note) : MeasureCommand;

public sealed record SuspendMeasure(DateOnly On, string Reason) : MeasureCommand;

public sealed record ResumeMeasure(DateOnly On, string Reason) : MeasureCommand;

public sealed record CompleteMeasure(DateOnly On, string Reason) : MeasureCommand;

public sealed record CancelMeasure(DateOnly On, string Reason) : MeasureCommand;

public sealed record CompleteScheduleItem(string ItemId, DateOnly On, string? Note) : MeasureCommand;

/// <summary>Sets one fiscal year's figures (千円); the plan's original and every earlier revision stay in history.</summary>
public sealed record ReviseBudget(
    int FiscalYear,
    long Total,
    long GeneralFunds,
    IReadOnlyList<FundingSource> Funding,
    string Reason) : MeasureCommand;
