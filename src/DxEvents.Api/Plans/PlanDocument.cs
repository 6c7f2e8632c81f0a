using System.ComponentModel.DataAnnotations;
using DxEvents.Domain.Input;
using DxEvents.Domain.Kpis;

namespace DxEvents.Api.Plans;

/// <summary>
/// The plan document format (dxevents.plan/v1, docs/plan-document.md) as records, for the OpenAPI document: the import reads the body
/// with the domain's reader, which names every error of a published plan by its JSON pointer (422). The sample plans are
/// checked against this schema (PlanDocumentSchemaTests), so the two cannot drift apart.
/// </summary>
/// <param name="Format">Always "dxevents.plan/v1".</param>
/// <param name="Tenant">The municipality's slug ([a-z0-9-]{2,40}); must equal the tenant in the URL.</param>
public sealed record PlanDocument(string Format, string Tenant, PlanMunicipality Municipality, PlanHeader Plan,
    IReadOnlyList<PlanPillar> Pillars, IReadOnlyList<PlanMeasure> Measures);

/// <param name="Code">全国地方公共団体コード (6 digits) when known.</param>
public sealed record PlanMunicipality(string Name, string Prefecture, string? Code);

/// <param name="Adopted">As printed: YYYY-MM or YYYY-MM-DD.</param>
/// <param name="AmountUnit">The unit of every amount, as printed (千円).</param>
/// <param name="Predecessor">The id of the plan of the same municipality this one follows (前期計画), imported before it.</param>
public sealed record PlanHeader(string Id, string Title, string Adopted, PlanPeriod Period, string? Vision, string AmountUnit,
    [property: MaxLength(Bounds.IdLength), RegularExpression("^[a-z0-9-]{1,40}$")] string? Predecessor = null);

/// <summary>Fiscal years (April–March), inclusive.</summary>
public sealed record PlanPeriod(int FromFiscalYear, int ToFiscalYear);

public sealed record PlanPillar(string Id, string Title);

public sealed record PlanMeasure(string Id, string Pillar, string Title, string? Summary, string? Department,
    IReadOnlyList<PlanKpi> Kpis, IReadOnlyList<PlanBudgetYear>? Budget = null, IReadOnlyList<PlanScheduleItem>? Schedule = null);

/// <param name="Unit">As printed (人, 件, %, …); null for a milestone.</param>
/// <param name="Direction">Required except for a milestone.</param>
/// <param name="Combine">Overrides the kind's default way of combining quarters.</param>
public sealed record PlanKpi(string Id, string Name, string? Unit, KpiKind Kind, KpiDirection? Direction, PlanKpiTarget Target,
    PlanKpiBaseline? Baseline = null, KpiCombine? Combine = null, string? Note = null);

public sealed record PlanKpiBaseline(decimal Value, int FiscalYear);

/// <param name="Value">Absent for a milestone (its target is being done).</param>
/// <param name="FromFiscalYear">The start of a flow KPI's window.</param>
public sealed record PlanKpiTarget(int FiscalYear, decimal? Value = null, int? FromFiscalYear = null);

/// <summary>One fiscal year's 事業費: figures (in amountUnit), or undetermined.</summary>
public sealed record PlanBudgetYear(int FiscalYear, long? Total = null, long? GeneralFunds = null,
    IReadOnlyList<Budgets.FundingLine>? Funding = null, bool? Undetermined = null, string? Note = null);

public sealed record PlanScheduleItem(string Id, string Title, int FromFiscalYear, int ToFiscalYear);
