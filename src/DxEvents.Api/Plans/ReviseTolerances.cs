using DxEvents.Api.EventStore;
using DxEvents.Api.Commands;
using DxEvents.Api.Infrastructure;
using DxEvents.Api.Projections;
using DxEvents.Domain;
using DxEvents.Domain.Plans;
using JasperFx.Events;
using Microsoft.AspNetCore.Authorization;
using Wolverine.Http;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using DxEvents.Domain.Input;

namespace DxEvents.Api.Plans;

/// <param name="OnTrack">A figure this far below the expected path, or less, is 順調 (e.g. 0.1 = 10%).</param>
/// <param name="AtRisk">Below that and up to this far is 注意; further is 遅れ.</param>
/// <param name="Reason">Why (required by the rule; 422 without it).</param>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record ReviseTolerancesRequest([property: Range(0, 1)] decimal OnTrack, [property: Range(0, 1)] decimal AtRisk,
    [property: MaxLength(Bounds.TextLength), RegularExpression(Bounds.TextPattern)] string? Reason = null);

/// <summary>POST /plans/{planId}/tolerance-revisions: the status rule's tolerances belong to the plan (office).</summary>
public static class ReviseTolerancesEndpoint
{
    public static string StreamKey(string planId) => StreamIds.Plan(planId);

    [WolverinePost("/api/{tenant}/plans/{planId}/tolerance-revisions", OperationId = "ReviseTolerances")]
    [Authorize(Policy = Policies.Office), Tags("Plans"), EndpointSummary("Revise the status rule's tolerances (onTrack, atRisk) with a reason (office)")]
    public static (CommandAnswer, Wolverine.Marten.Events) Post(
        ReviseTolerancesRequest request, [WriteStream(nameof(StreamKey))] IEventStream<PlanStream> stream, TimeProvider clock) =>
        (CommandAnswer.Of(stream, request.Reason), [.. PlanDecider.Decide(PlanStream.StateOf(stream.Aggregate),
            new ReviseTolerances(request.OnTrack, request.AtRisk, request.Reason ?? ""), clock.GetUtcNow())]);
}
