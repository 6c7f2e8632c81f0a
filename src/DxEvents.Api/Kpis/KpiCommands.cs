using DxEvents.Api.EventStore;
using DxEvents.Api.Infrastructure;
using DxEvents.Domain;
using DxEvents.Domain.Kpis;

namespace DxEvents.Api.Kpis;

/// <summary>Quarterly figures (KpiMeasured), corrections and target revisions on one KPI's stream.</summary>
public static class KpiCommands
{
    public static void Map(RouteGroupBuilder api)
    {
        var kpis = api.MapGroup("/plans/{planId}/kpis/{kpiId}").WithTags("KPIs");
        Endpoint(kpis.MapPost("/measurements", Record), "RecordKpiFigure", "Record a quarterly figure (KpiMeasured); 409 if the quarter has one")
            .RequireAuthorization(Policies.Record);
        Endpoint(kpis.MapPost("/measurements/{fiscalYear}/{quarter}/corrections", Correct), "CorrectKpiFigure", "Correct a recorded figure, with a reason")
            .RequireAuthorization(Policies.Record);
        Endpoint(kpis.MapPost("/target-revisions", ReviseTarget), "ReviseKpiTarget", "Revise a KPI's target (office)")
            .RequireAuthorization(Policies.Office);
    }

    private static RouteHandlerBuilder Endpoint(RouteHandlerBuilder endpoint, string name, string summary) =>
        endpoint.WithName(name).WithSummary(summary)
            .Produces<CommandAccepted>().ProducesProblem(400).ProducesProblem(404).ProducesProblem(409).ProducesProblem(412).ProducesProblem(422);

    private static async Task<IResult> Record(string tenant, string planId, string kpiId, HttpContext http, CommandWorkflow workflow)
    {
        var body = await RequestBody.ReadAsync(http.Request, http.RequestAborted);
        var (year, quarter, value, note) = (body.Int("fiscalYear"), body.Int("quarter"), body.Decimal("value"), body.String("note"));
        body.Validate();
        return await Execute(http, workflow, tenant, planId, kpiId, body, "RecordKpiFigure", new RecordKpiFigure(year!.Value, quarter!.Value, value!.Value, note), null);
    }

    private static async Task<IResult> Correct(string tenant, string planId, string kpiId, string fiscalYear, string quarter, HttpContext http, CommandWorkflow workflow)
    {
        var body = await RequestBody.ReadAsync(http.Request, http.RequestAborted);
        if (!int.TryParse(fiscalYear, out var year))
            body.Problem("/fiscalYear", $"'{fiscalYear}' in the path is not a fiscal year.");
        if (!int.TryParse(quarter, out var number))
            body.Problem("/quarter", $"'{quarter}' in the path is not a quarter (1–4).");
        var (value, reason) = (body.Decimal("value"), body.String("reason"));
        body.Validate();
        return await Execute(http, workflow, tenant, planId, kpiId, body, "CorrectKpiFigure", new CorrectKpiFigure(year, number, value!.Value, reason ?? ""), reason);
    }

    private static async Task<IResult> ReviseTarget(string tenant, string planId, string kpiId, HttpContext http, CommandWorkflow workflow)
    {
        var body = await RequestBody.ReadAsync(http.Request, http.RequestAborted);
        var (value, year, from, reason) = (body.Decimal("value", required: false), body.Int("fiscalYear"), body.Int("fromFiscalYear", required: false), body.String("reason"));
        body.Validate();
        return await Execute(http, workflow, tenant, planId, kpiId, body, "ReviseKpiTarget", new ReviseKpiTarget(value, year!.Value, from, reason ?? ""), reason);
    }

    private static Task<IResult> Execute(HttpContext http, CommandWorkflow workflow, string tenant, string planId, string kpiId,
        RequestBody body, string name, KpiCommand command, string? reason) =>
        workflow.Execute<KpiStream>(http, tenant, body, name, StreamIds.Kpi(planId, kpiId),
            (stream, now) => KpiDecider.Decide(KpiStream.StateOf(stream), command, now), reason);
}
