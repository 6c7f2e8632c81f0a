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

/// <summary>What links plans to each other: a plan's id, title, period and the plan it follows.</summary>
public sealed class PlanHead
{
    public string PlanId { get; init; } = "";
    public string Title { get; init; } = "";
    public int FromFiscalYear { get; init; }
    public int ToFiscalYear { get; init; }
    public string? Predecessor { get; init; }
}

/// <summary>Reads of the stored plan views, and as-of views folded afresh from the events.</summary>
public sealed class PlanViews(IDocumentStore store, EventReads reads)
{
    /// <summary>One plan's parts in one round trip, composed.</summary>
    public async Task<PlanView?> GetAsync(string tenant, string planId, CancellationToken ct) =>
        (await GetAsync(tenant, planId, withHeads: false, ct)).View;

    /// <summary>One plan's parts and every plan's head (what links plans to each other), in one round trip.</summary>
    public async Task<(PlanView? View, IReadOnlyList<PlanHead> Heads)> GetWithHeadsAsync(string tenant, string planId, CancellationToken ct)
    {
        var (view, heads) = await GetAsync(tenant, planId, withHeads: true, ct);
        return (view, heads!);
    }

    private async Task<(PlanView? View, IReadOnlyList<PlanHead>? Heads)> GetAsync(string tenant, string planId, bool withHeads, CancellationToken ct)
    {
        await using var session = store.QuerySession(tenant);
        var batch = session.CreateBatchQuery();
        var plan = batch.Load<PlanPart>(StreamIds.Plan(planId));
        var measures = batch.Query<MeasurePart>().Where(p => p.PlanId == planId).ToList();
        var kpis = batch.Query<KpiPart>().Where(p => p.PlanId == planId).ToList();
        // Four fields of each plan's part, selected in the database: reading the whole parts to link a page cost it more
        // than its own status did (./ops/bench page, dotnet-trace).
        var heads = withHeads
            ? batch.Query<PlanPart>().Select(p => new PlanHead
            {
                PlanId = p.View.PlanId,
                Title = p.View.Title,
                FromFiscalYear = p.View.FromFiscalYear,
                ToFiscalYear = p.View.ToFiscalYear,
                Predecessor = p.View.Predecessor
            }).ToList()
            : null;
        await batch.Execute(ct);
        var view = await plan is { } part ? PlanViewParts.Compose(part, await measures, await kpis) : null;
        return (view, heads is null ? null : [.. (await heads).OrderBy(h => h.PlanId, StringComparer.Ordinal)]);
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
        return Compose(await plans, await measures, await kpis);
    }

    /// <summary>Every plan of the municipality composed from all its parts, in plan id order.</summary>
    public static List<PlanView> Compose(IEnumerable<PlanPart> plans, IEnumerable<MeasurePart> measures, IEnumerable<KpiPart> kpis)
    {
        var (m, k) = (measures.ToLookup(p => p.PlanId), kpis.ToLookup(p => p.PlanId));
        return [.. plans.Select(p => PlanViewParts.Compose(p, m[p.View.PlanId], k[p.View.PlanId])).OrderBy(v => v.PlanId, StringComparer.Ordinal)];
    }

    /// <summary>The municipality as its plans name it (null before the first plan): one field of one plan's part, where
    /// composing every plan's measures and KPIs only to print a name cost a CSV or workbook export all of them.</summary>
    public async Task<Municipality?> MunicipalityAsync(string tenant, CancellationToken ct)
    {
        await using var session = store.QuerySession(tenant);
        return await session.Query<PlanPart>().OrderBy(p => p.Id).Select(p => p.View.Municipality).FirstOrDefaultAsync(ct);
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
