using DxEvents.Api.EventStore;
using DxEvents.Domain;
using DxEvents.Domain.Kpis;
using DxEvents.Domain.Measures;
using DxEvents.Domain.Plans;
using DxEvents.Domain.Status;
using JasperFx.Events;
using Marten;
using Marten.Events.Aggregation;

namespace DxEvents.Api.Plans;

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

/// <summary>Reads of the stored plan views, and as-of views folded afresh from the events.</summary>
public sealed class PlanViews(IDocumentStore store, EventReads reads)
{
    /// <summary>One plan's parts in one round trip, composed.</summary>
    public async Task<PlanView?> GetAsync(string tenant, string planId, CancellationToken ct)
    {
        await using var session = store.QuerySession(tenant);
        var batch = session.CreateBatchQuery();
        var plan = batch.Load<PlanPart>(StreamIds.Plan(planId));
        var measures = batch.Query<MeasurePart>().Where(p => p.PlanId == planId).ToList();
        var kpis = batch.Query<KpiPart>().Where(p => p.PlanId == planId).ToList();
        await batch.Execute(ct);
        return await plan is { } part ? PlanViewParts.Compose(part, await measures, await kpis) : null;
    }

    /// <summary>Every plan of the municipality as its own part holds it (title, years, predecessor; no measures or KPIs): the
    /// one small read that links plans to each other.</summary>
    public async Task<List<PlanView>> HeadsAsync(string tenant, CancellationToken ct)
    {
        await using var session = store.QuerySession(tenant);
        return [.. (await session.Query<PlanPart>().ToListAsync(ct)).Select(p => p.View).OrderBy(v => v.PlanId, StringComparer.Ordinal)];
    }

    /// <summary>Every plan of the municipality, in one round trip, composed.</summary>
    public async Task<List<PlanView>> ListAsync(string tenant, CancellationToken ct)
    {
        await using var session = store.QuerySession(tenant);
        var batch = session.CreateBatchQuery();
        var plans = batch.Query<PlanPart>().ToList();
        var measures = batch.Query<MeasurePart>().ToList();
        var kpis = batch.Query<KpiPart>().ToList();
        await batch.Execute(ct);
        var (m, k) = ((await measures).ToLookup(p => p.PlanId), (await kpis).ToLookup(p => p.PlanId));
        return [.. (await plans).Select(p => PlanViewParts.Compose(p, m[p.View.PlanId], k[p.View.PlanId])).OrderBy(v => v.PlanId, StringComparer.Ordinal)];
    }

    /// <summary>What was known at an instant: the plan's events recorded up to then, folded afresh. It waits until
    /// every append in flight when it began has settled, so the same question always gets the same answer.</summary>
    public async Task<PlanView?> AsOfAsync(string tenant, string planId, DateTimeOffset asOf, CancellationToken ct)
    {
        PlanView? view = null;
        await foreach (var e in reads.ReadSettledAsync(tenant, new EventFilter { StreamPrefix = StreamIds.Plan(planId), RecordedUntil = asOf }, ct))
            view = PlanViewProjection.Apply(view, Envelopes.From(e));
        return view;
    }
}
