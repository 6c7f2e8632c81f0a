using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using System.Text.Json.Serialization;
using DxEvents.Api.Auth;
using DxEvents.Api.Commands;
using DxEvents.Api.EventStore;
using DxEvents.Api.Infrastructure;
using DxEvents.Api.Projections;
using DxEvents.Domain;
using DxEvents.Domain.Input;
using DxEvents.Domain.Kpis;
using JasperFx.Events;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace DxEvents.Api.Review;

/// <param name="Value">The figure the office reviewed: if it was corrected since, the confirmation is refused (409).</param>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record ConfirmKpiFigureRequest([property: Range(-Bounds.MaxFigure, Bounds.MaxFigure)] decimal Value);

/// <param name="Value">The figure the office reviewed, as for a confirmation.</param>
/// <param name="Reason">What the department has to fix (required; 422 without it).</param>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record ReturnKpiFigureRequest([property: Range(-Bounds.MaxFigure, Bounds.MaxFigure)] decimal Value,
    [property: MaxLength(Bounds.TextLength), RegularExpression(Bounds.TextPattern)] string? Reason = null);

/// <summary>POST …/measurements/{fiscalYear}/{quarter}/confirm: the office confirms a figure waiting for its review
/// (KpiFigureConfirmed); from then on it counts.</summary>
public static class ConfirmKpiFigureEndpoint
{
    public static string StreamKey(string planId, string kpiId) => StreamIds.Kpi(planId, kpiId);

    public static ProblemDetails Validate(string fiscalYear, string quarter) => RouteNumbers.Check(("fiscalYear", fiscalYear), ("quarter", quarter));

    [WolverinePost("/api/{tenant}/plans/{planId}/kpis/{kpiId}/measurements/{fiscalYear}/{quarter}/confirm", OperationId = "ConfirmKpiFigure")]
    [Authorize(Policy = Policies.Office), Tags("Review"), EndpointSummary("Confirm a figure waiting for the office's review (KpiFigureConfirmed); 403 for whoever recorded it")]
    public static (CommandAnswer, Wolverine.Marten.Events) Post(
        ConfirmKpiFigureRequest request, string fiscalYear, string quarter,
        [WriteStream(nameof(StreamKey))] IEventStream<KpiStream> stream, ClaimsPrincipal user, TimeProvider clock) =>
        (CommandAnswer.Of(stream), [.. KpiDecider.Decide(KpiStream.StateOf(stream.Aggregate),
            new ConfirmKpiFigure(RouteNumbers.Int(fiscalYear), RouteNumbers.Int(quarter), request.Value, TenantAccess.Actor(user)), clock.GetUtcNow())]);
}

/// <summary>POST …/measurements/{fiscalYear}/{quarter}/return: the office returns a waiting figure to its department with a
/// reason (KpiFigureReturned); it does not count, and the department's correction submits it again.</summary>
public static class ReturnKpiFigureEndpoint
{
    public static string StreamKey(string planId, string kpiId) => StreamIds.Kpi(planId, kpiId);

    public static ProblemDetails Validate(string fiscalYear, string quarter) => RouteNumbers.Check(("fiscalYear", fiscalYear), ("quarter", quarter));

    [WolverinePost("/api/{tenant}/plans/{planId}/kpis/{kpiId}/measurements/{fiscalYear}/{quarter}/return", OperationId = "ReturnKpiFigure")]
    [Authorize(Policy = Policies.Office), Tags("Review"), EndpointSummary("Return a waiting figure to its department, with a reason (KpiFigureReturned)")]
    public static (CommandAnswer, Wolverine.Marten.Events) Post(
        ReturnKpiFigureRequest request, string fiscalYear, string quarter,
        [WriteStream(nameof(StreamKey))] IEventStream<KpiStream> stream, ClaimsPrincipal user, TimeProvider clock) =>
        (CommandAnswer.Of(stream, request.Reason), [.. KpiDecider.Decide(KpiStream.StateOf(stream.Aggregate),
            new ReturnKpiFigure(RouteNumbers.Int(fiscalYear), RouteNumbers.Int(quarter), request.Value, request.Reason ?? "", TenantAccess.Actor(user)),
            clock.GetUtcNow())]);
}
