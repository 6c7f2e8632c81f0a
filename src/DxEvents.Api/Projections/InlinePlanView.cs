using DxEvents.Api.EventStore;
using DxEvents.Domain;
using DxEvents.Domain.Kpis;
using DxEvents.Domain.Measures;
using DxEvents.Domain.Plans;
using DxEvents.Domain.Status;
using JasperFx.Events;
using Marten.Events.Aggregation;

namespace DxEvents.Api.Projections;

/// <summary>
/// The plan view (plan → pillars → measures → KPIs with every revision) kept inline, one part per stream: Marten commits
/// each part with its stream's events, so a reader never sees a figure without its plan view or the reverse. Two appends
/// to different streams of one plan each rewrite only their own part (a view kept whole would lose one of them), and
/// appends to one stream are kept one at a time by its version. The folds are the domain's pure <see cref="PlanViewParts"/>.
/// </summary>
/// A stream started afresh on a key that exists (a refused import) reaches a part with no snapshot: only a stream's opening
/// event makes a part, anything else is left to the append's own refusal (the stream already exists).
public static class InlinePlanView
{
    public sealed class PlanParts : SingleStreamProjection<PlanPart, string>
    {
        public PlanParts() => this.Include(t => !typeof(IMeasureEvent).IsAssignableFrom(t) && !typeof(IKpiEvent).IsAssignableFrom(t)
            && !typeof(DxEvents.Domain.Access.IAccessEvent).IsAssignableFrom(t) && !typeof(DxEvents.Domain.Deadlines.IReminderEvent).IsAssignableFrom(t));

        public override PlanPart? Evolve(PlanPart? snapshot, string id, IEvent e) =>
            e.Data is IDomainEvent and not (IMeasureEvent or IKpiEvent or DxEvents.Domain.Access.IAccessEvent or DxEvents.Domain.Deadlines.IReminderEvent) && (snapshot is not null || e.Data is PlanAdopted)
                ? PlanViewParts.ApplyPlan(snapshot, id, Envelopes.From(e)) : snapshot;
    }

    public sealed class MeasureParts : SingleStreamProjection<MeasurePart, string>
    {
        public MeasureParts() => this.Include(typeof(IMeasureEvent).IsAssignableFrom);

        public override MeasurePart? Evolve(MeasurePart? snapshot, string id, IEvent e) =>
            e.Data is IMeasureEvent && (snapshot is not null || e.Data is MeasureRegistered)
                ? PlanViewParts.ApplyMeasure(snapshot, id, Envelopes.From(e)) : snapshot;
    }

    public sealed class KpiParts : SingleStreamProjection<KpiPart, string>
    {
        public KpiParts() => this.Include(typeof(IKpiEvent).IsAssignableFrom);

        public override KpiPart? Evolve(KpiPart? snapshot, string id, IEvent e) =>
            e.Data is IKpiEvent && (snapshot is not null || e.Data is KpiDefined)
                ? PlanViewParts.ApplyKpi(snapshot, id, Envelopes.From(e)) : snapshot;
    }

    /// <summary>Each part takes only its stream kind's events, so that Marten neither loads nor writes the other parts
    /// for an append (a figure's append loaded all three kinds of part before: two round trips for nothing).</summary>
    private static void Include(this JasperFx.Events.Projections.EventFilterable projection, Func<Type, bool> mine)
    {
        foreach (var type in EventCatalog.EventTypes.Where(mine))
            projection.IncludeType(type);
    }
}
