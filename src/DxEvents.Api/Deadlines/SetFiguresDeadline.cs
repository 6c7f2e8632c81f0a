using DxEvents.Api.EventStore;
using DxEvents.Api.Commands;
using DxEvents.Api.Infrastructure;
using DxEvents.Api.Projections;
using DxEvents.Domain;
using DxEvents.Domain.Deadlines;
using DxEvents.Domain.Plans;
using JasperFx.Events;
using Microsoft.AspNetCore.Authorization;
using Wolverine.Http;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using DxEvents.Domain.Input;

namespace DxEvents.Api.Deadlines;

/// <param name="FiscalYear">The fiscal year (西暦) of the quarter, within the plan's period.</param>
/// <param name="Quarter">1 (Apr–Jun) to 4 (Jan–Mar).</param>
/// <param name="Due">The last day figures are on time (yyyy-MM-dd): after the quarter's last day, at most 365 days after it.</param>
/// <param name="Reason">Why (required when the quarter already has a deadline; 422 without it).</param>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record SetFiguresDeadlineRequest([property: Range(Bounds.MinFiscalYear, Bounds.MaxFiscalYear)] int FiscalYear, [property: Range(1, 4)] int Quarter,
    DateOnly Due, [property: MaxLength(Bounds.TextLength), RegularExpression(Bounds.TextPattern)] string? Reason = null);

/// <summary>POST …/plans/{planId}/deadlines: the office sets or moves a quarter's 提出期限 (FiguresDeadlineSet).</summary>
public static class SetFiguresDeadlineEndpoint
{
    public static string StreamKey(string planId) => StreamIds.Plan(planId);

    [WolverinePost("/api/{tenant}/plans/{planId}/deadlines", OperationId = "SetFiguresDeadline")]
    [Authorize(Policy = Policies.Office), Tags("Deadlines"), EndpointSummary("Set or move the deadline of a quarter's figures (FiguresDeadlineSet; office)")]
    public static (CommandAnswer, Wolverine.Marten.Events) Post(
        SetFiguresDeadlineRequest request, [WriteStream(nameof(StreamKey))] IEventStream<PlanStream> stream, TimeProvider clock) =>
        (CommandAnswer.Of(stream, request.Reason), [.. PlanDecider.Decide(PlanStream.StateOf(stream.Aggregate),
            new SetFiguresDeadline(request.FiscalYear, request.Quarter, request.Due, request.Reason), clock.GetUtcNow())]);
}
