using DxEvents.Api.EventStore;
using DxEvents.Api.Commands;
using DxEvents.Api.Infrastructure;
using DxEvents.Api.Measures;
using DxEvents.Api.Projections;
using DxEvents.Domain;
using DxEvents.Domain.Measures;
using JasperFx.Events;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using DxEvents.Domain.Input;

namespace DxEvents.Api.Budgets;

/// <param name="Total">事業費 for the year, in 千円.</param>
/// <param name="GeneralFunds">一般財源, in 千円.</param>
/// <param name="Funding">Other sources as printed (交付金, 補助金 …), each in 千円.</param>
/// <param name="Reason">Why (required by the rule; 422 without it).</param>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record ReviseBudgetRequest([property: Range(0, Bounds.MaxAmount)] long Total, [property: Range(0, Bounds.MaxAmount)] long GeneralFunds, IReadOnlyList<FundingLine>? Funding = null,
    [property: MaxLength(Bounds.TextLength), RegularExpression(Bounds.TextPattern)] string? Reason = null);

/// <param name="Source">The source as printed (交付金, 補助金 …).</param>
/// <param name="Amount">In 千円.</param>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record FundingLine([property: MaxLength(Bounds.LineLength), RegularExpression(Bounds.LinePattern)] string Source, [property: Range(0, Bounds.MaxAmount)] long Amount);

/// <summary>POST …/budget/{fiscalYear}/revisions: BudgetRevised. The plan's figure and every earlier revision stay.</summary>
public static class ReviseBudgetEndpoint
{
    public static string StreamKey(string planId, string measureId) => StreamIds.Measure(planId, measureId);

    public static ProblemDetails Validate(ReviseBudgetRequest request, string fiscalYear)
    {
        ArgumentNullException.ThrowIfNull(request);
        var blank = (request.Funding ?? []).Select((line, i) => (line, i)).Where(x => string.IsNullOrWhiteSpace(x.line.Source))
            .Select(x => new FieldText($"/funding/{x.i}/source", new FundingLineWithoutSource()))
            .ToList();
        return blank.Count > 0 ? ProblemMapper.Problem(400, "Invalid request", blank) : RouteNumbers.Check(("fiscalYear", fiscalYear));
    }

    [WolverinePost("/api/{tenant}/plans/{planId}/measures/{measureId}/budget/{fiscalYear}/revisions", OperationId = "ReviseBudget")]
    [Authorize(Policy = Policies.Office), Tags("Budgets"), EndpointSummary("Revise one fiscal year's budget (事業費, 千円) with a reason (office)")]
    public static (CommandAnswer, Wolverine.Marten.Events) Post(
        ReviseBudgetRequest request, string fiscalYear, [WriteStream(nameof(StreamKey))] IEventStream<MeasureStream> stream, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(request);
        var funding = (request.Funding ?? []).Select(f => new FundingSource(f.Source, f.Amount)).ToList();
        var figures = new BudgetFigures(request.Total, request.GeneralFunds, funding);
        var warnings = BudgetChecks.Inconsistencies(figures).Select(w => new FieldText("/" + w.Field, w.Warning)).ToList();
        return MeasureChange.Decide(stream, new ReviseBudget(RouteNumbers.Int(fiscalYear), request.Total, request.GeneralFunds, funding, request.Reason ?? ""),
            request.Reason, clock, warnings);
    }
}
