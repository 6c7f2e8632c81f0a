using DxEvents.Api.EventStore;
using DxEvents.Api.Commands;
using DxEvents.Api.Infrastructure;
using DxEvents.Api.Projections;
using DxEvents.Domain;
using DxEvents.Domain.Measures;
using JasperFx.Events;
using Microsoft.AspNetCore.Authorization;
using Wolverine.Http;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using DxEvents.Domain.Input;

namespace DxEvents.Api.Measures;

/// <param name="On">The day the item was done (yyyy-MM-dd), not after today.</param>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record CompleteScheduleItemRequest(DateOnly On, [property: MaxLength(Bounds.TextLength), RegularExpression(Bounds.TextPattern)] string? Note = null);

/// <summary>POST …/measures/{measureId}/schedule/{itemId}/complete: a schedule item marked done.</summary>
public static class CompleteScheduleItemEndpoint
{
    public static string StreamKey(string planId, string measureId) => StreamIds.Measure(planId, measureId);

    [WolverinePost("/api/{tenant}/plans/{planId}/measures/{measureId}/schedule/{itemId}/complete", OperationId = "CompleteScheduleItem")]
    [Authorize(Policy = Policies.Record), Tags("Measures"), EndpointSummary("Mark a schedule item done")]
    public static (CommandAnswer, Wolverine.Marten.Events) Post(
        CompleteScheduleItemRequest request, string itemId, [WriteStream(nameof(StreamKey))] IEventStream<MeasureStream> stream, TimeProvider clock) =>
        MeasureChange.Decide(stream, new CompleteScheduleItem(itemId, request.On, request.Note), null, clock);
}
