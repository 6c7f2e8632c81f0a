using DxEvents.Api.Audit;
using DxEvents.Api.EventStore;
using DxEvents.Api.Headquarters;
using DxEvents.Api.Integrity;
using DxEvents.Api.Plans;
using DxEvents.Domain;
using DxEvents.Domain.Reports;
using DxEvents.Domain.Status;

namespace DxEvents.Api.Reads;

/// <summary>A plan's status as reported: the view it was judged on (as known at the as-of instant), the report under the
/// tolerances then in force, on request the same report under today's, the chain head the report pins, and on request the
/// plans it is linked with (as they are now).</summary>
public sealed record PlanStatusRead(PlanView View, PlanStatusReport Report, PlanStatusReport? UnderCurrentRules, ChainPin Chain,
    RelatedPlans Related)
{
    /// <summary>The figures still owed for the report's last closed quarter.</summary>
    public IReadOnlyList<FigureDue> FiguresDue => field ??= HeadquartersRollup.FiguresDue(View, Report);
}

/// <summary>The plans a plan is linked with: the one it follows (前期計画) and those that follow it (次期計画), as they are now.</summary>
public sealed record RelatedPlans(PlanHead? Predecessor, IReadOnlyList<PlanHead> Successors)
{
    public static readonly RelatedPlans None = new(null, []);

    public static RelatedPlans Of(PlanView view, IReadOnlyList<PlanHead> all)
    {
        ArgumentNullException.ThrowIfNull(view);
        return new(all.FirstOrDefault(p => p.PlanId == view.Predecessor),
            [.. all.Where(p => p.Predecessor == view.PlanId).OrderBy(p => p.FromFiscalYear).ThenBy(p => p.PlanId, StringComparer.Ordinal)]);
    }
}

/// <summary>Every plan of the municipality rolled up for headquarters, and the head it pins.</summary>
public sealed record HeadquartersRead(HeadquartersReport Report, ChainPin Chain);

/// <summary>
/// The reports, computed once for the API's endpoints and the pages alike: the endpoints turn them into JSON and problem
/// details, the pages into HTML. Nothing here knows HTTP; parsing a query and naming its field stays with each caller.
/// </summary>
public sealed class ReportReads(PlanViews views, EventReads events, ChainReads chain, StoredHeadquartersReads headquarters)
{
    /// <summary>Exists is false when there is no such plan now; Read is null as well when the plan did not exist yet at
    /// <paramref name="asOf"/>.</summary>
    /// <param name="related">Also the plans it follows and that follow it (a page links them), read in the same round trip.</param>
    public async Task<(PlanStatusRead? Read, bool Exists)> PlanStatusAsync(string tenant, string planId, DateTimeOffset? asOf, DateOnly reportingDate,
        bool currentRules, CancellationToken ct, bool related = false)
    {
        var (current, heads) = related ? await views.GetWithHeadsAsync(tenant, planId, ct) : (await views.GetAsync(tenant, planId, ct), []);
        if (current is null)
            return (null, false);
        var view = asOf is { } at ? await views.AsOfAsync(tenant, planId, at, ct) : current;
        if (view is null)
            return (null, true);
        var report = StatusRule.Evaluate(view, reportingDate, view.Tolerances);
        var underCurrent = currentRules ? StatusRule.Evaluate(view, reportingDate, current.Tolerances) : null;
        var pin = await PinAsync(tenant, asOf, view.LastSequence, ct);
        return (new PlanStatusRead(view, report, underCurrent, pin, related ? RelatedPlans.Of(current, heads) : RelatedPlans.None), true);
    }

    /// <summary>Each plan judged by the tolerances in force in it at <paramref name="asOf"/> (now when null). Now: the stored
    /// rollup while the plan view is still the one it was computed from (<see cref="StoredHeadquartersReads"/>); as of an
    /// instant: folded from the history recorded by then.</summary>
    public async Task<HeadquartersRead> HeadquartersAsync(string tenant, DateTimeOffset? asOf, DateOnly reportingDate, CancellationToken ct)
    {
        if (asOf is null)
            return (await headquarters.ReadAsync(tenant, reportingDate, ct)).Read;
        var plans = await AllAsOfAsync(tenant, asOf.Value, ct);
        var pin = await PinAsync(tenant, asOf, plans.Count == 0 ? 0 : plans.Max(p => p.LastSequence), ct);
        return new HeadquartersRead(HeadquartersRollup.Build(plans, reportingDate), pin);
    }

    /// <summary>Changes recorded in (since, until]; null when the plan does not exist by until.</summary>
    public async Task<PlanChangeReport?> ChangesAsync(string tenant, string planId, DateTimeOffset since, DateTimeOffset until, CancellationToken ct)
    {
        var envelopes = new List<EventEnvelope>();
        await foreach (var e in events.ReadSettledAsync(tenant, new EventFilter { StreamPrefix = StreamIds.Plan(planId), RecordedUntil = until }, ct))
            envelopes.Add(Envelopes.From(e));
        return PlanChanges.Build(envelopes, since, until);
    }

    /// <summary>A page of the log after the cursor <paramref name="after"/>.</summary>
    public async Task<(IReadOnlyList<AuditEvent> Events, AuditPage Page)> AuditPageAsync(string tenant, EventFilter filter, long after, int limit, CancellationToken ct)
    {
        var page = await events.ReadPageAsync(tenant, filter, after, limit, ct: ct);
        return ([.. page.Events.Select(e => AuditEvent.Of(e))], page);
    }

    /// <summary>One stream's history in version order, corrections linked to their figures; empty when there is no such stream.</summary>
    public async Task<IReadOnlyList<AuditEvent>> StreamAsync(string tenant, string streamId, CancellationToken ct)
    {
        var stream = await events.ReadStreamAsync(tenant, streamId, ct: ct);
        var links = FigureLinks.Of(stream.Select(Envelopes.From));
        return [.. stream.Select(e => AuditEvent.Of(e, links.GetValueOrDefault(e.Sequence)))];
    }

    /// <summary>The chain head a report pins: the municipality's head as of asOf, else right after the last event the report saw
    /// (<paramref name="lastSequence"/>, the highest of its plan views), so that a replay up to that head gives the same report.</summary>
    public Task<ChainPin> PinAsync(string tenant, DateTimeOffset? asOf, long lastSequence, CancellationToken ct) =>
        asOf is { } t ? chain.PinAsOfAsync(tenant, t, ct) : chain.PinAtSequenceAsync(tenant, lastSequence, ct);

    /// <summary>Every plan as known at an instant, folded from one pass over the municipality's history.</summary>
    public async Task<List<PlanView>> AllAsOfAsync(string tenant, DateTimeOffset asOf, CancellationToken ct)
    {
        var all = new Dictionary<string, PlanView?>(StringComparer.Ordinal);
        await foreach (var e in events.ReadSettledAsync(tenant, new EventFilter { RecordedUntil = asOf }, ct))
        {
            if (StreamIds.PlanIdOf(e.StreamKey ?? "") is not { } planId)
                continue;
            all[planId] = PlanViewProjection.Apply(all.GetValueOrDefault(planId), Envelopes.From(e));
        }
        return [.. all.Values.OfType<PlanView>()];
    }
}
