namespace DxEvents.Domain.Kpis;

/// <summary>A command on one KPI's stream. Values are decimal, so NaN and infinity cannot arrive here:
/// whoever reads the number refuses them before a command is made.</summary>
public abstract record KpiCommand;

/// <param name="UnderReview">The municipality's review is on: the figure waits for the office (the service reads the setting).</param>
public sealed record RecordKpiFigure(int FiscalYear, int Quarter, decimal Value, string? Note, bool UnderReview = false) : KpiCommand;

/// <param name="UnderReview">As for <see cref="RecordKpiFigure"/>: the corrected figure waits for the office.</param>
public sealed record CorrectKpiFigure(int FiscalYear, int Quarter, decimal Value, string Reason, bool UnderReview = false) : KpiCommand;

/// <summary>The office confirms the quarter's waiting figure. Value: the figure the office reviewed (a figure corrected since is
/// refused, not confirmed unseen). Actor: who confirms (an actor may not review a figure they recorded).</summary>
public sealed record ConfirmKpiFigure(int FiscalYear, int Quarter, decimal Value, string Actor) : KpiCommand;

/// <summary>The office returns the quarter's waiting figure (the value it reviewed) to its department, with a reason.</summary>
public sealed record ReturnKpiFigure(int FiscalYear, int Quarter, decimal Value, string Reason, string Actor) : KpiCommand;

public sealed record ReviseKpiTarget(decimal? Value, int FiscalYear, int? FromFiscalYear, string Reason) : KpiCommand;

public sealed record ReviseKpiBaseline(decimal Value, int FiscalYear, string Reason) : KpiCommand;
