using DxEvents.Api.Audit;
using DxEvents.Api.EventStore;
using DxEvents.Api.Headquarters;
using DxEvents.Api.Integrity;
using DxEvents.Api.Plans;
using DxEvents.Api.Reads;
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
    PlanStatusReport? UnderCurrentRules = null, RelatedPlans? Related = null)
{
    /// <summary>The digest printed beside the chain head (<see cref="Integrity.ReportDigest"/>).</summary>
    public string ReportDigest => field ??= Integrity.ReportDigest.Of(Report);
}

public sealed record HeadquartersPage(HeadquartersReport Report, ChainPin Chain, PageTime Time);

/// <summary>What the pages read: the reports the API's endpoints answer with (<see cref="ReportReads"/>), shaped for the
/// pages with the page's time — never an HTTP call to itself, never a second computation.</summary>
public sealed class WebReads(PlanViews views, ReportReads reads, ChainReads chain, TimeProvider clock)
{
    public DateTimeOffset Now => clock.GetUtcNow();

    public DateOnly Today => JapanDate.Of(Now);

    /// <summary>Null: no such plan now. A plan that exists now but did not yet at the as-of instant has no view then: NotYet.</summary>
    /// <param name="currentRules">Also judge the report under today's tolerances (as the API's rules=current).</param>
    /// <param name="related">Also the plans it follows and that follow it (the plan's own page links them).</param>
    public async Task<(PlanStatusPage? Page, bool Exists)> PlanStatusAsync(string tenant, string planId, PageTime time, CancellationToken ct,
        bool currentRules = false, bool related = false)
    {
        var (read, exists) = await reads.PlanStatusAsync(tenant, planId, time.AsOf, time.ReportingDateOr(Now), currentRules && time.AsOf is not null, ct, related);
        return read is null ? (null, exists)
            : (new PlanStatusPage(read.View, read.Report, read.FiguresDue, read.Chain, time, read.UnderCurrentRules, read.Related), true);
    }

    public async Task<HeadquartersPage> HeadquartersAsync(string tenant, PageTime time, CancellationToken ct)
    {
        var read = await reads.HeadquartersAsync(tenant, time.AsOf, time.ReportingDateOr(Now), ct);
        return new HeadquartersPage(read.Report, read.Chain, time);
    }


    /// <summary>Changes recorded in (since, until]; null when the plan does not exist by until.</summary>
    public Task<PlanChangeReport?> ChangesAsync(string tenant, string planId, DateTimeOffset since, DateTimeOffset until, CancellationToken ct) =>
        reads.ChangesAsync(tenant, planId, since, until, ct);

    public Task<(IReadOnlyList<AuditEvent> Events, AuditPage Page)> AuditPageAsync(string tenant, EventFilter filter, long after, int limit, CancellationToken ct) =>
        reads.AuditPageAsync(tenant, filter, after, limit, ct);

    public Task<IReadOnlyList<AuditEvent>> StreamAsync(string tenant, string streamId, CancellationToken ct) => reads.StreamAsync(tenant, streamId, ct);

    public Task<ChainCheck> VerifyAsync(string tenant, byte[]? pinned, CancellationToken ct) => chain.VerifyAsync(tenant, pinned, ct);

    public async Task<string?> MunicipalityAsync(string tenant, CancellationToken ct) =>
        await views.MunicipalityAsync(tenant, ct) is { } m ? $"{m.Prefecture}{m.Name}" : null;
}
