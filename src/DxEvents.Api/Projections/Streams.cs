using DxEvents.Domain;
using DxEvents.Domain.Access;
using DxEvents.Domain.Kpis;
using DxEvents.Domain.Measures;
using DxEvents.Domain.Plans;
using JasperFx.Events;
using Marten.Events.Aggregation;

namespace DxEvents.Api.Projections;

/// <summary>One KPI's stream as Decide sees it: Marten folds it on FetchForWriting with the domain's pure Evolve.</summary>
public sealed record KpiStream(string Id, KpiState State)
{
    public static KpiState StateOf(KpiStream? stream) => stream?.State ?? KpiState.Initial;
}

public sealed record MeasureStream(string Id, MeasureState State)
{
    public static MeasureState StateOf(MeasureStream? stream) => stream?.State ?? MeasureState.Initial;
}

public sealed record PlanStream(string Id, PlanState State)
{
    public static PlanState StateOf(PlanStream? stream) => stream?.State ?? PlanState.Initial;
}

/// <summary>The municipality's access stream as a command sees it: Marten folds it with the domain's pure Evolve.</summary>
public sealed record AccessStream(string Id, AccessState State)
{
    public static AccessState StateOf(AccessStream? stream) => stream?.State ?? AccessState.Empty;

    public sealed class Fold : SingleStreamProjection<AccessStream, string>
    {
        public override AccessStream Evolve(AccessStream? snapshot, string id, IEvent e) =>
            new(id, AccessDecider.Evolve(StateOf(snapshot), (IAccessEvent)e.Data));
    }
}

/// <summary>
/// Live folds only: a stream's state is never stored, it is always the fold of its events. The stream key lives
/// beside the domain's state (Marten needs an identity) so that the state stays the domain's own record.
/// </summary>
public static class Aggregates
{
    public sealed class KpiFold : SingleStreamProjection<KpiStream, string>
    {
        public override KpiStream Evolve(KpiStream? snapshot, string id, IEvent e) =>
            new(id, KpiState.Evolve(KpiStream.StateOf(snapshot), (IDomainEvent)e.Data, e.UserName ?? ""));
    }

    public sealed class MeasureFold : SingleStreamProjection<MeasureStream, string>
    {
        public override MeasureStream Evolve(MeasureStream? snapshot, string id, IEvent e) =>
            new(id, MeasureState.Evolve(MeasureStream.StateOf(snapshot), (IDomainEvent)e.Data));
    }

    public sealed class PlanFold : SingleStreamProjection<PlanStream, string>
    {
        public override PlanStream Evolve(PlanStream? snapshot, string id, IEvent e) =>
            new(id, PlanState.Evolve(PlanStream.StateOf(snapshot), (IDomainEvent)e.Data));
    }
}
