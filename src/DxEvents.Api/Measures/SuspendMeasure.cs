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

/// <summary>POST …/measures/{measureId}/suspend: Suspend a started measure.</summary>
public static class SuspendMeasureEndpoint
{
    public static string StreamKey(string planId, string measureId) => StreamIds.Measure(planId, measureId);

    [WolverinePost("/api/{tenant}/plans/{planId}/measures/{measureId}/suspend", OperationId = "SuspendMeasure")]
    [Authorize(Policy = Policies.Record), Tags("Measures"), EndpointSummary("Suspend a started measure")]
    public static (CommandAnswer, Wolverine.Marten.Events) Post(
        MeasureChangeRequest request, [WriteStream(nameof(StreamKey))] IEventStream<MeasureStream> stream, TimeProvider clock) =>
        MeasureChange.Decide(stream, new SuspendMeasure(request.On, request.Reason ?? ""), request.Reason, clock);
}
