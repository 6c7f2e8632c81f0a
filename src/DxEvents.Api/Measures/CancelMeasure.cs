using DxEvents.Api.EventStore;
using DxEvents.Api.Commands;
using DxEvents.Api.Infrastructure;
using DxEvents.Api.Projections;
using DxEvents.Domain;
using DxEvents.Domain.Measures;
using JasperFx.Events;
using Microsoft.AspNetCore.Authorization;
using Wolverine.Http;

namespace DxEvents.Api.Measures;

/// <summary>POST …/measures/{measureId}/cancel: Cancel a measure.</summary>
public static class CancelMeasureEndpoint
{
    public static string StreamKey(string planId, string measureId) => StreamIds.Measure(planId, measureId);

    [WolverinePost("/api/{tenant}/plans/{planId}/measures/{measureId}/cancel", OperationId = "CancelMeasure")]
    [Authorize(Policy = Policies.Record), Tags("Measures"), EndpointSummary("Cancel a measure")]
    public static (CommandAnswer, Wolverine.Marten.Events) Post(
        MeasureChangeRequest request, [WriteStream(nameof(StreamKey))] IEventStream<MeasureStream> stream, TimeProvider clock) =>
        MeasureChange.Decide(stream, new CancelMeasure(request.On, request.Reason ?? ""), request.Reason, clock);
}
