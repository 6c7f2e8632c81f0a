using DxEvents.Api.Infrastructure;
using DxEvents.Api.Plans;
using DxEvents.Domain.Fiscal;
using DxEvents.Domain.Reports;
using DxEvents.Api.Reads;
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
        string tenant, string? asOf, string? reportingDate, ReportReads reads, TimeProvider clock, CancellationToken ct)
    {
        var at = asOf is null ? (DateTimeOffset?)null : PlanReads.ParseInstant(asOf, "asOf");
        var date = reportingDate is null ? JapanDate.Of(at ?? clock.GetUtcNow()) : PlanReads.ParseDate(reportingDate, "reportingDate");
        var read = await reads.HeadquartersAsync(tenant, at, date, ct);
        return TypedResults.Ok(new HeadquartersAnswer(at, date, read.Report, read.Chain.Head, read.Chain.Complete));
    }
}
