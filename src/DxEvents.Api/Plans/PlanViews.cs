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
