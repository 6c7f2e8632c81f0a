using DxEvents.Api.Audit;
using DxEvents.Api.EventStore;
using DxEvents.Api.Headquarters;
using DxEvents.Api.Integrity;
using DxEvents.Api.Plans;
using DxEvents.Domain;
using DxEvents.Domain.Fiscal;
using DxEvents.Domain.Reports;
using DxEvents.Domain.Status;
using DxEvents.Integrity;

namespace DxEvents.Api.Web;

/// <summary>A plan's status as the pages show it: the view it was judged on (as known at the as-of instant), the report,
/// the figures still owed, and the chain head the report pins (for print and verification).</summary>
/// <param name="UnderCurrentRules">On request, for a past as-of view: the same report judged under today's tolerances.</param>
public sealed record PlanStatusPage(PlanView View, PlanStatusReport Report, IReadOnlyList<FigureDue> FiguresDue, ChainPin Chain, PageTime Time,
    PlanStatusReport? UnderCurrentRules = null)
{
    /// <summary>The digest printed beside the chain head (<see cref="Integrity.ReportDigest"/>).</summary>
    public string ReportDigest => field ??= Integrity.ReportDigest.Of(Report);
}

public sealed record HeadquartersPage(HeadquartersReport Report, IReadOnlyList<PlanView> Plans, ChainPin Chain, PageTime Time);

/// <summary>What the pages read, composed from the application code the API endpoints use (same classes, same order:
/// PlanReads.Status, HeadquartersStatus, PlanChangesEndpoint, AuditHistory, VerifyEndpoints) — never an HTTP call to itself.</summary>
public sealed class WebReads(PlanViews views, EventReads events, ChainReads chain, TimeProvider clock)
{
    public DateTimeOffset Now => clock.GetUtcNow();

    public DateOnly Today => JapanDate.Of(Now);

    /// <summary>Null: no such plan now. A plan that exists now but did not yet at the as-of instant has no view then: NotYet.</summary>
    /// <param name="currentRules">Also judge the report under today's tolerances (as the API's rules=current).</param>
    public async Task<(PlanStatusPage? Page, bool Exists)> PlanStatusAsync(string tenant, string planId, PageTime time, CancellationToken ct, bool currentRules = false)
    {
        var current = await views.GetAsync(tenant, planId, ct);
        if (current is null)
            return (null, false);
        var view = time.AsOf is { } at ? await views.AsOfAsync(tenant, planId, at, ct) : current;
        if (view is null)
            return (null, true);
        var date = time.ReportingDateOr(Now);
        var report = StatusRule.Evaluate(view, date, view.Tolerances);
        var due = HeadquartersRollup.FiguresDue(view, report);
        var pin = await PlanReads.ChainAsync(chain, tenant, time.AsOf, view.LastSequence, ct);
        var underCurrent = currentRules && time.AsOf is not null ? StatusRule.Evaluate(view, date, current.Tolerances) : null;
        return (new PlanStatusPage(view, report, due, pin, time, underCurrent), true);
    }

    public async Task<HeadquartersPage> HeadquartersAsync(string tenant, PageTime time, CancellationToken ct)
    {
        var plans = time.AsOf is { } at ? await HeadquartersStatus.AllAsOfAsync(events, tenant, at, ct) : await views.ListAsync(tenant, ct);
        var pin = await PlanReads.ChainAsync(chain, tenant, time.AsOf, plans.Count == 0 ? 0 : plans.Max(p => p.LastSequence), ct);
        return new HeadquartersPage(HeadquartersRollup.Build(plans, time.ReportingDateOr(Now)), plans, pin, time);
    }

    /// <summary>Changes recorded in (since, until]; null when the plan does not exist by until.</summary>
    public async Task<PlanChangeReport?> ChangesAsync(string tenant, string planId, DateTimeOffset since, DateTimeOffset until, CancellationToken ct)
    {
        var envelopes = new List<EventEnvelope>();
        await foreach (var e in events.ReadSettledAsync(tenant, new EventFilter { StreamPrefix = StreamIds.Plan(planId), RecordedUntil = until }, ct))
            envelopes.Add(Envelopes.From(e));
        return PlanChanges.Build(envelopes, since, until);
    }

    public async Task<(IReadOnlyList<AuditEvent> Events, AuditPage Page)> AuditPageAsync(string tenant, EventFilter filter, long after, int limit, CancellationToken ct)
    {
        var page = await events.ReadPageAsync(tenant, filter, after, limit, ct: ct);
        return ([.. page.Events.Select(e => AuditEvent.Of(e))], page);
    }

    public async Task<IReadOnlyList<AuditEvent>> StreamAsync(string tenant, string streamId, CancellationToken ct)
    {
        var stream = await events.ReadStreamAsync(tenant, streamId, ct: ct);
        var links = FigureLinks.Of(stream.Select(Envelopes.From));
        return [.. stream.Select(e => AuditEvent.Of(e, links.GetValueOrDefault(e.Sequence)))];
    }

    public Task<ChainCheck> VerifyAsync(string tenant, byte[]? pinned, CancellationToken ct) => chain.VerifyAsync(tenant, pinned, ct);

    public async Task<string?> MunicipalityAsync(string tenant, CancellationToken ct) =>
        (await views.ListAsync(tenant, ct)).FirstOrDefault()?.Municipality is { } m ? $"{m.Prefecture}{m.Name}" : null;
}
