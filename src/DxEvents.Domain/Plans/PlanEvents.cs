namespace DxEvents.Domain.Plans;

/// <summary>自治体: the municipality as printed; code is the 全国地方公共団体コード (6 digits) when known.</summary>
public sealed record Municipality(string Name, string Prefecture, string? Code);

/// <summary>How far progress may trail the expected share before a KPI is at risk / off track.</summary>
public sealed record Tolerances(decimal OnTrack, decimal AtRisk)
{
    public static Tolerances Default { get; } = new(0.10m, 0.25m);
}

/// <summary>策定: the plan as adopted. Adopted keeps the printed precision ("2023-03" or "2023-03-15"). Predecessor names the
/// plan of the same municipality it follows (前期計画), when the document says so; events stored before it existed have none.</summary>
public sealed record PlanAdopted(
    string PlanId,
    string Title,
    Municipality Municipality,
    string Adopted,
    int FromFiscalYear,
    int ToFiscalYear,
    string? Vision,
    string AmountUnit,
    Tolerances Tolerances,
    string? Predecessor = null) : IDomainEvent;

/// <summary>改訂: the plan's facts as revised; every field carries the value in force after the revision.</summary>
public sealed record PlanRevised(
    string PlanId,
    string Revised,
    string Title,
    int FromFiscalYear,
    int ToFiscalYear,
    string? Vision,
    string Reason) : IDomainEvent;

/// <summary>基本方針 / 重点施策: Order keeps the printed sequence.</summary>
public sealed record PillarAdded(string PlanId, string PillarId, string Title, int Order) : IDomainEvent;

public sealed record ToleranceRevised(string PlanId, Tolerances Tolerances, Tolerances Previous, string Reason) : IDomainEvent;
