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
using DxEvents.Api.Review;
using Marten;

namespace DxEvents.Api.Kpis;

/// <param name="FiscalYear">The fiscal year (西暦), e.g. 2025 for 令和7年度.</param>
/// <param name="Quarter">1 (Apr–Jun) to 4 (Jan–Mar).</param>
/// <param name="Value">The figure, in the KPI's unit.</param>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record RecordKpiFigureRequest([property: Range(Bounds.MinFiscalYear, Bounds.MaxFiscalYear)] int FiscalYear, [property: Range(1, 4)] int Quarter,
    [property: Range(-Bounds.MaxFigure, Bounds.MaxFigure)] decimal Value, [property: MaxLength(Bounds.TextLength), RegularExpression(Bounds.TextPattern)] string? Note = null);

/// <summary>POST …/kpis/{kpiId}/measurements: a quarter's figure (KpiMeasured); a quarter that has one is a 409. While the
/// municipality's review is on, the figure waits for the office.</summary>
public static class RecordKpiFigureEndpoint
{
    public static string StreamKey(string planId, string kpiId) => StreamIds.Kpi(planId, kpiId);

    public static Task<FigureReviewInForce> LoadAsync(IDocumentSession session, CancellationToken ct) => FigureReviewSetting.ReadAsync(session, ct);

    [WolverinePost("/api/{tenant}/plans/{planId}/kpis/{kpiId}/measurements", OperationId = "RecordKpiFigure")]
    [Authorize(Policy = Policies.Record), Tags("KPIs"), EndpointSummary("Record a quarterly figure (KpiMeasured); 409 if the quarter has one")]
    public static (CommandAnswer, Wolverine.Marten.Events) Post(
        RecordKpiFigureRequest request, [WriteStream(nameof(StreamKey))] IEventStream<KpiStream> stream, FigureReviewInForce review, TimeProvider clock) =>
        (CommandAnswer.Of(stream), [.. KpiDecider.Decide(KpiStream.StateOf(stream.Aggregate),
            new RecordKpiFigure(request.FiscalYear, request.Quarter, request.Value, request.Note, review.On), clock.GetUtcNow())]);
}
