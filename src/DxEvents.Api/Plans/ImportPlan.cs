using DxEvents.Api.EventStore;
using DxEvents.Api.Infrastructure;
using DxEvents.Domain;
using DxEvents.Domain.Plans.Import;

namespace DxEvents.Api.Plans;

public sealed record PlanImported(string PlanId, int Events, IReadOnlyList<FieldProblem> Warnings);

/// <summary>POST /plans: a published plan document becomes the plan's opening events, all or none.</summary>
public static class ImportPlan
{
    public static void Map(RouteGroupBuilder api) =>
        api.MapPost("/plans", Handle)
            .WithName("ImportPlan").WithTags("Plans")
            .WithSummary("Import a dxevents.plan/v1 document (office)")
            .Produces<PlanImported>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .RequireAuthorization(Policies.Office);

    private static async Task<IResult> Handle(string tenant, HttpContext http, CommandWorkflow workflow)
    {
        var body = await RequestBody.ReadAsync(http.Request, http.RequestAborted);
        var accepted = PlanDocumentReader.Read(body.Root) switch
        {
            PlanImportRejected rejected => throw new BadRequestException(StatusCodes.Status422UnprocessableEntity, "The plan document has errors",
                rejected.Errors.Select(e => new FieldProblem(e.Pointer, e.Message)).ToList()),
            PlanImportAccepted a when a.Tenant != tenant => throw new BadRequestException(StatusCodes.Status422UnprocessableEntity,
                "The plan document has errors", [new FieldProblem("/tenant", $"The document is for '{a.Tenant}' but was sent to '{tenant}'.")]),
            PlanImportAccepted a => a,
            _ => throw new InvalidOperationException("Unknown import result."),
        };
        var warnings = PlanImport.Warnings(accepted);
        try
        {
            return await workflow.Run(http, tenant, body, "ImportPlan", CommandWorkflow.Metadata(http, "plan import"), ifMatch: false, retryOnConflict: false,
                prepare: async (session, _, ct) =>
                {
                    if (await session.Events.FetchStreamStateAsync(StreamIds.Plan(accepted.PlanId), ct) is { } existing)
                        throw new StreamConflictException(existing.Key ?? StreamIds.Plan(accepted.PlanId), null);
                    PlanImport.Start(session, accepted, warnings);
                    return new AnswerShape
                    {
                        Kind = AnswerShape.Import,
                        Status = StatusCodes.Status201Created,
                        StreamId = StreamIds.Plan(accepted.PlanId),
                        Location = $"/api/{tenant}/plans/{accepted.PlanId}",
                        PlanId = accepted.PlanId,
                        Warnings = [.. warnings],
                    };
                });
        }
        catch (StreamConflictException c)
        {
            throw new BadRequestException(StatusCodes.Status409Conflict, "Plan exists",
                [new FieldProblem("/plan/id", $"This plan already exists ({c.StreamId}); later changes are commands, not a new import.")]);
        }
    }
}
