using DxEvents.Api.EventStore;
using DxEvents.Api.Commands;
using DxEvents.Api.Infrastructure;
using DxEvents.Api.Projections;
using DxEvents.Domain;
using DxEvents.Domain.Kpis;
using JasperFx.Events;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using DxEvents.Domain.Input;
using DxEvents.Api.Review;
using Marten;

namespace DxEvents.Api.Kpis;

/// <param name="Value">The corrected figure.</param>
/// <param name="Reason">Why the figure was wrong (required by the rule; 422 without it).</param>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record CorrectKpiFigureRequest([property: Range(-Bounds.MaxFigure, Bounds.MaxFigure)] decimal Value, [property: MaxLength(Bounds.TextLength), RegularExpression(Bounds.TextPattern)] string? Reason = null);

/// <summary>POST …/measurements/{fiscalYear}/{quarter}/corrections: a recorded figure corrected, with a reason.</summary>
public static class CorrectKpiFigureEndpoint
{
    public static string StreamKey(string planId, string kpiId) => StreamIds.Kpi(planId, kpiId);

    public static ProblemDetails Validate(string fiscalYear, string quarter) => RouteNumbers.Check(("fiscalYear", fiscalYear), ("quarter", quarter));

    public static Task<FigureReviewInForce> LoadAsync(IDocumentSession session, CancellationToken ct) => FigureReviewSetting.ReadAsync(session, ct);

    [WolverinePost("/api/{tenant}/plans/{planId}/kpis/{kpiId}/measurements/{fiscalYear}/{quarter}/corrections", OperationId = "CorrectKpiFigure")]
    [Authorize(Policy = Policies.Record), Tags("KPIs"), EndpointSummary("Correct a recorded figure, with a reason")]
    public static (CommandAnswer, Wolverine.Marten.Events) Post(
        CorrectKpiFigureRequest request, string fiscalYear, string quarter,
        [WriteStream(nameof(StreamKey))] IEventStream<KpiStream> stream, FigureReviewInForce review, TimeProvider clock) =>
        (CommandAnswer.Of(stream, request.Reason), [.. KpiDecider.Decide(KpiStream.StateOf(stream.Aggregate),
            new CorrectKpiFigure(RouteNumbers.Int(fiscalYear), RouteNumbers.Int(quarter), request.Value, request.Reason ?? "", review.On), clock.GetUtcNow())]);
}
