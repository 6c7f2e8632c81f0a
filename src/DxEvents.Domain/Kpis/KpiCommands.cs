namespace DxEvents.Domain.Kpis;

/// <summary>A command on one KPI's stream. Values are decimal, so NaN and infinity cannot arrive here:
/// whoever reads the number refuses them before a command is made.</summary>
public abstract record KpiCommand;

public sealed record RecordKpiFigure(int FiscalYear, int Quarter, decimal Value, string? Note) : KpiCommand;

public sealed record CorrectKpiFigure(int FiscalYear, int Quarter, decimal Value, string Reason) : KpiCommand;

public sealed record ReviseKpiTarget(decimal? Value, int FiscalYear, int? FromFiscalYear, string Reason) : KpiCommand;

public sealed record ReviseKpiBaseline(decimal Value, int FiscalYear, string Reason) : KpiCommand;
