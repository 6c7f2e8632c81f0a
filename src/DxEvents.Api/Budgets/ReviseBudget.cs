using DxEvents.Api.Infrastructure;
using DxEvents.Api.Measures;
using DxEvents.Domain.Measures;

namespace DxEvents.Api.Budgets;

/// <summary>POST …/budget/{fiscalYear}/revisions: BudgetRevised. The plan's figure and every earlier revision stay.</summary>
public static class ReviseBudgetEndpoint
{
    public static void Map(RouteGroupBuilder api) =>
        api.MapPost("/plans/{planId}/measures/{measureId}/budget/{fiscalYear}/revisions", Handle)
            .WithName("ReviseBudget").WithTags("Budgets").WithSummary("Revise one fiscal year's budget (事業費, 千円) with a reason (office)")
            .Produces<CommandAccepted>().ProducesProblem(400).ProducesProblem(404).ProducesProblem(409).ProducesProblem(412).ProducesProblem(422)
            .RequireAuthorization(Policies.Office);

    private static async Task<IResult> Handle(string tenant, string planId, string measureId, string fiscalYear, HttpContext http, CommandWorkflow workflow)
    {
        var body = await RequestBody.ReadAsync(http.Request, http.RequestAborted);
        if (!int.TryParse(fiscalYear, out var year))
            body.Problem("/fiscalYear", $"'{fiscalYear}' in the path is not a fiscal year.");
        var total = body.Long("total");
        var generalFunds = body.Long("generalFunds");
        var reason = body.String("reason");
        var funding = body.Array("funding").Select(x =>
        {
            var source = x.Item.TryGetProperty("source", out var s) && s.ValueKind == System.Text.Json.JsonValueKind.String ? s.GetString() : null;
            if (string.IsNullOrWhiteSpace(source))
                body.Problem(x.Pointer + "/source", "Each funding line needs its source as printed (交付金, 補助金 …).");
            var amount = body.Long("amount", pointer: x.Pointer + "/amount", from: x.Item);
            return new FundingSource(source ?? "", amount ?? 0);
        }).ToList();
        body.Validate();
        var figures = new BudgetFigures(total!.Value, generalFunds!.Value, funding);
        var warnings = BudgetChecks.Inconsistencies(figures).Select(w => new FieldProblem("/" + w.Field, w.Message)).ToList();
        return await MeasureCommands.Execute(http, workflow, tenant, planId, measureId, body, "ReviseBudget",
            new ReviseBudget(year, total.Value, generalFunds.Value, funding, reason ?? ""), reason, warnings);
    }
}
