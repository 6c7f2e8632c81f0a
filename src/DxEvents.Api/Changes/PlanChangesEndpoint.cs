using DxEvents.Api.Infrastructure;
using DxEvents.Api.Plans;
using DxEvents.Domain.Reports;
using DxEvents.Api.Reads;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DxEvents.Api.Changes;

/// <summary>GET /plans/{planId}/changes?since=&amp;until=: every change recorded in (since, until], grouped by measure, with before → after,
/// who and why, and each measure's and KPI's status at since and at until. until defaults to now (the server clock).</summary>
public static class PlanChangesEndpoint
{
    public static void Map(RouteGroupBuilder api) =>
        api.MapGet("/plans/{planId}/changes", Get).WithName("GetPlanChanges").WithTags("Plans")
            .WithSummary("What changed between two instants (since required, until defaults to now): grouped by measure, "
                + "before → after for figures, targets, budgets, lifecycle, schedule, tolerances and statuses, with who and why")
            .ProducesProblem(400).ProducesProblem(404)
            .RequireAuthorization(Policies.Read);

    private static async Task<Results<Ok<PlanChangeReport>, ProblemHttpResult>> Get(
        string tenant, string planId, string? since, string? until, ReportReads reads, TimeProvider clock, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(since))
            throw new BadRequestException(400, "Invalid query", [new FieldText("/since", new SinceRequired())]);
        var from = PlanReads.ParseInstant(since, "since");
        var to = until is null ? clock.GetUtcNow() : PlanReads.ParseInstant(until, "until");
        if (to <= from)
            throw new BadRequestException(400, "Invalid query", [new FieldText("/until", new PeriodReversed("since", "until", MayEqual: false))]);
        return await reads.ChangesAsync(tenant, planId, from, to, ct) is { } report ? TypedResults.Ok(report) : PlanReads.NotFound(planId);
    }
}
