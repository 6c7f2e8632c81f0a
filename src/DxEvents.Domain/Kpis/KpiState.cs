using System.Collections.Immutable;

namespace DxEvents.Domain.Kpis;

/// <summary>What Decide needs about one KPI's stream: its definition and the current value per quarter.</summary>
public sealed record KpiState(
    bool Exists,
    string PlanId,
    string KpiId,
    string MeasureId,
    KpiKind Kind,
    KpiBaseline? Baseline,
    KpiTarget? Target,
    ImmutableDictionary<(int FiscalYear, int Quarter), decimal> Figures)
{
    public static KpiState Initial { get; } = new(
        false, "", "", "", KpiKind.Level, null, null, ImmutableDictionary<(int, int), decimal>.Empty);

    public static KpiState From(IEnumerable<IDomainEvent> events) => events.Aggregate(Initial, Evolve);

    public static KpiState Evolve(KpiState state, IDomainEvent domainEvent) => domainEvent switch
    {
        KpiDefined e => state with
        {
            Exists = true,
            PlanId = e.PlanId,
            KpiId = e.KpiId,
            MeasureId = e.MeasureId,
            Kind = e.Kind,
            Baseline = e.Baseline,
            Target = e.Target,
        },
        KpiTargetRevised e => state with { Target = e.Target },
        KpiBaselineRevised e => state with { Baseline = e.Baseline },
        KpiMeasured e => state with { Figures = state.Figures.SetItem((e.FiscalYear, e.Quarter), e.Value) },
        KpiMeasurementCorrected e => state with { Figures = state.Figures.SetItem((e.FiscalYear, e.Quarter), e.Value) },
        _ => state,
    };
}
