using DxEvents.Api.EventStore;
using DxEvents.Api.Infrastructure;
using DxEvents.Domain;
using DxEvents.Domain.Plans;

namespace DxEvents.Api.Plans;

/// <summary>POST /plans/{planId}/tolerance-revisions: the status rule's tolerances belong to the plan (office).</summary>
public static class ReviseTolerancesEndpoint
{
    public static void Map(RouteGroupBuilder api) =>
        api.MapPost("/plans/{planId}/tolerance-revisions", Handle)
            .WithName("ReviseTolerances").WithTags("Plans")
            .WithSummary("Revise the status rule's tolerances (onTrack, atRisk) with a reason (office)")
            .Produces<CommandAccepted>().ProducesProblem(400).ProducesProblem(404).ProducesProblem(412).ProducesProblem(422)
            .RequireAuthorization(Policies.Office);

    private static async Task<IResult> Handle(string tenant, string planId, HttpContext http, CommandWorkflow workflow)
    {
        var body = await RequestBody.ReadAsync(http.Request, http.RequestAborted);
        var (onTrack, atRisk, reason) = (body.Decimal("onTrack"), body.Decimal("atRisk"), body.String("reason"));
        body.Validate();
        var command = new ReviseTolerances(onTrack!.Value, atRisk!.Value, reason ?? "");
        return await workflow.Execute<PlanStream>(http, tenant, body, "ReviseTolerances", StreamIds.Plan(planId),
            (stream, now) => PlanDecider.Decide(PlanStream.StateOf(stream), command, now), reason);
    }
}
