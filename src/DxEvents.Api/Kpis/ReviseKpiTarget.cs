using DxEvents.Api.EventStore;
using DxEvents.Api.Commands;
using DxEvents.Api.Infrastructure;
using DxEvents.Api.Projections;
using DxEvents.Domain;
using DxEvents.Domain.Kpis;
using JasperFx.Events;
using Microsoft.AspNetCore.Authorization;
using Wolverine.Http;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using DxEvents.Domain.Input;

namespace DxEvents.Api.Kpis;

/// <param name="FiscalYear">The fiscal year whose target changes.</param>
/// <param name="Value">The new target; null removes the year's target.</param>
/// <param name="FromFiscalYear">The first year the revision applies to, when not <paramref name="FiscalYear"/>.</param>
/// <param name="Reason">Why (required by the rule; 422 without it).</param>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record ReviseKpiTargetRequest([property: Range(Bounds.MinFiscalYear, Bounds.MaxFiscalYear)] int FiscalYear, [property: Range(-Bounds.MaxFigure, Bounds.MaxFigure)] decimal? Value = null,
    [property: Range(Bounds.MinFiscalYear, Bounds.MaxFiscalYear)] int? FromFiscalYear = null, [property: MaxLength(Bounds.TextLength), RegularExpression(Bounds.TextPattern)] string? Reason = null);

/// <summary>POST …/kpis/{kpiId}/target-revisions: the office revises a KPI's target, with a reason.</summary>
public static class ReviseKpiTargetEndpoint
{
    public static string StreamKey(string planId, string kpiId) => StreamIds.Kpi(planId, kpiId);

    [WolverinePost("/api/{tenant}/plans/{planId}/kpis/{kpiId}/target-revisions", OperationId = "ReviseKpiTarget")]
    [Authorize(Policy = Policies.Office), Tags("KPIs"), EndpointSummary("Revise a KPI's target (office)")]
    public static (CommandAnswer, Wolverine.Marten.Events) Post(
        ReviseKpiTargetRequest request, [WriteStream(nameof(StreamKey))] IEventStream<KpiStream> stream, TimeProvider clock) =>
        (CommandAnswer.Of(stream, request.Reason), [.. KpiDecider.Decide(KpiStream.StateOf(stream.Aggregate),
            new ReviseKpiTarget(request.Value, request.FiscalYear, request.FromFiscalYear, request.Reason ?? ""), clock.GetUtcNow())]);
}
