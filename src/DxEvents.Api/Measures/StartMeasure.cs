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

/// <param name="On">The day the measure started (yyyy-MM-dd), not after today.</param>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record StartMeasureRequest(DateOnly On, [property: MaxLength(Bounds.TextLength), RegularExpression(Bounds.TextPattern)] string? Note = null);

/// <summary>POST …/measures/{measureId}/start: Start a measure (MeasureStarted).</summary>
public static class StartMeasureEndpoint
{
    public static string StreamKey(string planId, string measureId) => StreamIds.Measure(planId, measureId);

    [WolverinePost("/api/{tenant}/plans/{planId}/measures/{measureId}/start", OperationId = "StartMeasure")]
    [Authorize(Policy = Policies.Record), Tags("Measures"), EndpointSummary("Start a measure (MeasureStarted)")]
    public static (CommandAnswer, Wolverine.Marten.Events) Post(
        StartMeasureRequest request, [WriteStream(nameof(StreamKey))] IEventStream<MeasureStream> stream, TimeProvider clock) =>
        MeasureChange.Decide(stream, new StartMeasure(request.On, request.Note), null, clock);
}
