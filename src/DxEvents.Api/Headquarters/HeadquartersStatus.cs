using DxEvents.Api.Infrastructure;
using DxEvents.Api.Plans;
using DxEvents.Domain;
using DxEvents.Domain.Fiscal;
using DxEvents.Domain.Reports;
using DxEvents.Domain.Status;
using DxEvents.Api.EventStore;
using DxEvents.Api.Integrity;
using DxEvents.Integrity;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DxEvents.Api.Headquarters;

/// <summary>The rollup at two times, like a plan's status: asOf — what was known then — and reportingDate — which quarters count.
/// Each plan is judged by the tolerances in force in it at asOf. Chain pins the history it was computed from (PlanStatusAnswer).</summary>
public sealed record HeadquartersAnswer(DateTimeOffset? AsOf, DateOnly ReportingDate, HeadquartersReport Status, ChainHead? Chain = null, bool? ChainComplete = null);

/// <summary>GET /headquarters/status: every plan of the municipality for DX推進本部.</summary>
public static class HeadquartersStatus
{
    public static void Map(RouteGroupBuilder api) =>
        api.MapGet("/headquarters/status", Get).WithName("GetHeadquartersStatus").WithTags("Headquarters")
            .WithSummary("All plans of the municipality: totals by status, 事業費 per fiscal year planned against current, "
                + "off-track / at-risk / no-data KPIs, figures due for the last closed quarter (asOf, reportingDate)")
            .ProducesProblem(400)
            .RequireAuthorization(Policies.Read);

    private static async Task<Ok<HeadquartersAnswer>> Get(
        string tenant, string? asOf, string? reportingDate, PlanViews views, EventReads store, ChainReads chain, TimeProvider clock, CancellationToken ct)
    {
        var at = asOf is null ? (DateTimeOffset?)null : PlanReads.ParseInstant(asOf, "asOf");
        var date = reportingDate is null ? JapanDate.Of(at ?? clock.GetUtcNow()) : PlanReads.ParseDate(reportingDate, "reportingDate");
        var plans = at is { } instant ? await AllAsOfAsync(store, tenant, instant, ct) : await views.ListAsync(tenant, ct);
        var pin = await PlanReads.ChainAsync(chain, tenant, at, plans.Count == 0 ? 0 : plans.Max(p => p.LastSequence), ct);
        return TypedResults.Ok(new HeadquartersAnswer(at, date, HeadquartersRollup.Build(plans, date), pin.Head, pin.Complete));
    }

    /// <summary>Every plan as known at an instant, folded from one pass over the municipality's history.</summary>
    public static async Task<List<PlanView>> AllAsOfAsync(EventReads store, string tenant, DateTimeOffset asOf, CancellationToken ct)
    {
        var views = new Dictionary<string, PlanView?>(StringComparer.Ordinal);
        await foreach (var e in store.ReadSettledAsync(tenant, new EventFilter { RecordedUntil = asOf }, ct))
        {
            if (StreamIds.PlanIdOf(e.StreamKey ?? "") is not { } planId)
                continue;
            views[planId] = PlanViewProjection.Apply(views.GetValueOrDefault(planId), Envelopes.From(e));
        }
        return [.. views.Values.OfType<PlanView>()];
    }
}
