using System.Text.Json;
using DxEvents.Api.EventStore;
using DxEvents.Api.Commands;
using DxEvents.Api.Infrastructure;
using DxEvents.Domain;
using DxEvents.Domain.Plans.Import;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace DxEvents.Api.Plans;

/// <summary>POST /plans: a published plan document (dxevents.plan/v1) becomes the plan's opening events, all in one
/// transaction or none. The document is read by the domain's reader, which names every error by its JSON pointer.</summary>
public static class ImportPlanEndpoint
{
    [WolverinePost("/api/{tenant}/plans", OperationId = "ImportPlan")]
    [Authorize(Policy = Policies.Office), Tags("Plans"), EndpointSummary("Import a dxevents.plan/v1 document (office)")]
    [ProducesResponseType<PlanImported>(StatusCodes.Status201Created), DocumentedBody(typeof(PlanDocument))]
    public static async Task<CommandAnswer> Post(JsonElement document, string tenant, IDocumentSession session, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(session);
        var accepted = PlanDocumentReader.Read(document) switch
        {
            PlanImportRejected rejected => throw Invalid([.. rejected.Errors.Select(e => new FieldText(e.Pointer, e.Message))]),
            PlanImportAccepted a when a.Tenant != tenant => throw Invalid([new FieldText("/tenant", new DocumentForAnotherMunicipality(a.Tenant, tenant))]),
            PlanImportAccepted a => a,
            _ => throw new InvalidOperationException("Unknown import result."),
        };
        var planStream = StreamIds.Plan(accepted.PlanId);
        if (await session.Events.FetchStreamStateAsync(planStream, ct) is not null)
            throw new BadRequestException(StatusCodes.Status409Conflict, "Plan exists",
                [new FieldText("/plan/id", new PlanExists(planStream))]);
        // The plan it follows must be one of this municipality's; row-level security keeps another's out of sight.
        if (accepted.Predecessor is { } predecessor && await session.Events.FetchStreamStateAsync(StreamIds.Plan(predecessor), ct) is null)
            throw Invalid([new FieldText("/plan/predecessor", new PredecessorNotFound(predecessor))]);
        PlanImport.Start(session, accepted);
        var language = RequestLanguage.Current;
        return new CommandAnswer(new AnswerShape
        {
            Kind = AnswerShape.Import,
            Status = StatusCodes.Status201Created,
            StreamId = planStream,
            Location = $"/api/{tenant}/plans/{accepted.PlanId}",
            PlanId = accepted.PlanId,
            Warnings = [.. PlanImport.Warnings(accepted).Select(w => w.In(language))],
        }, "plan import", [.. PlanImport.Warnings(accepted).Select(w => w.Stored)]);
    }

    private static BadRequestException Invalid(IReadOnlyList<FieldText> errors) =>
        new(StatusCodes.Status422UnprocessableEntity, "The plan document has errors", errors);
}
