using DxEvents.Api.EventStore;
using DxEvents.Domain;
using DxEvents.Domain.Status;
using JasperFx.Events;
using Marten;
using Marten.Events.Projections;

namespace DxEvents.Api.Plans;

/// <summary>
/// The plan view (plan → pillars → measures → KPIs with every revision) kept inline: Marten commits it with the events,
/// so a reader never sees a figure without its plan view or the reverse. The fold is the domain's pure
/// <see cref="PlanViewProjection"/>; this class only tells Marten which plan an event belongs to.
/// </summary>
public sealed class InlinePlanView : MultiStreamProjection<PlanView, string>
{
    public InlinePlanView()
    {
        Identity<IDomainEvent>(e => e.PlanId);
    }

    public override PlanView? Evolve(PlanView? snapshot, string id, IEvent e) =>
        e.Data is IDomainEvent ? PlanViewProjection.Apply(snapshot, Envelopes.From(e)) : snapshot;
}

/// <summary>Reads of the stored plan views, and as-of views folded afresh from the events.</summary>
public sealed class PlanViews(IDocumentStore store, EventReads reads)
{
    public async Task<PlanView?> GetAsync(string tenant, string planId, CancellationToken ct)
    {
        await using var session = store.QuerySession(tenant);
        return await session.LoadAsync<PlanView>(planId, ct);
    }

    public async Task<List<PlanView>> ListAsync(string tenant, CancellationToken ct)
    {
        await using var session = store.QuerySession(tenant);
        return (await session.Query<PlanView>().OrderBy(v => v.PlanId).ToListAsync(ct)).ToList();
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
