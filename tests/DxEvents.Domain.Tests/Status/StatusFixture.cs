using DxEvents.Domain.Kpis;
using DxEvents.Domain.Measures;
using DxEvents.Domain.Plans;
using DxEvents.Domain.Status;

namespace DxEvents.Domain.Tests.Status;

/// <summary>A plan for FY2023–FY2025 (2023-04-01..2026-03-31, 1,096 days) with one pillar and measure m01,
/// started on 2022-04-01 unless a test says otherwise.</summary>
internal static class StatusFixture
{
    public const string Plan = "plan-x";

    public static readonly IDomainEvent[] Opening =
    [
        new PlanAdopted(Plan, "計画", new Municipality("市", "県", null), "2023-03", 2023, 2025, null, "千円", Tolerances.Default),
        new PillarAdded(Plan, "p1", "柱", 1),
        Measure("m01"),
    ];

    public static MeasureRegistered Measure(string id, string pillar = "p1") => new(Plan, id, pillar, $"施策{id}", null, null);

    public static MeasureStarted Started(string measure = "m01", int year = 2022, int month = 4, int day = 1) =>
        new(Plan, measure, new DateOnly(year, month, day), null);

    public static KpiDefined Kpi(
        string id, KpiKind kind, decimal? target, int targetYear, int? from = null, KpiBaseline? baseline = null,
        KpiCombine? combine = null, KpiDirection direction = KpiDirection.Increase, string measure = "m01") =>
        new(Plan, id, measure, $"指標{id}", "人", kind, combine, direction, baseline, new KpiTarget(target, targetYear, from), null);

    public static KpiMeasured Figure(string kpi, int year, int quarter, decimal value, string measure = "m01") =>
        new(Plan, kpi, measure, year, quarter, value, null);

    public static PlanStatusReport Report(DateOnly date, params IDomainEvent[] events) => Report(date, Tolerances.Default, events);

    public static PlanStatusReport Report(DateOnly date, Tolerances tolerances, params IDomainEvent[] events) =>
        StatusRule.Evaluate(History.View([.. Opening, .. events]), date, tolerances);

    public static KpiStatusLine Line(this PlanStatusReport report, string kpi = "k1") =>
        report.Pillars.SelectMany(p => p.MeasureStatuses).SelectMany(m => m.Kpis).Single(k => k.KpiId == kpi);

    public static MeasureStatus Measure(this PlanStatusReport report, string measure = "m01") =>
        report.Pillars.SelectMany(p => p.MeasureStatuses).Single(m => m.MeasureId == measure);

    public static DateOnly D(int year, int month, int day) => new(year, month, day);
}
