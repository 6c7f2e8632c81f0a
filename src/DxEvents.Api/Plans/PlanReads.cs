using System.Globalization;
using DxEvents.Api.Infrastructure;
using DxEvents.Domain.Input;
using DxEvents.Domain.Fiscal;
using DxEvents.Domain.Plans;
using DxEvents.Domain.Status;
using DxEvents.Api.Integrity;
using DxEvents.Api.Reads;
using DxEvents.Integrity;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DxEvents.Api.Plans;

/// <param name="Predecessor">The plan this one follows (前期計画), if any; a plan's successors are those naming it.</param>
public sealed record PlanSummary(string PlanId, string Title, Municipality Municipality, string Adopted, FiscalYearSpan Period,
    int Pillars, int Measures, int Kpis, long LastSequence, string? Predecessor);

/// <summary>
/// Status at two times: asOf — what was known then (events recorded up to that instant) — and
/// reportingDate — which quarters count. With rules=current the same report is also computed under
/// today's tolerances, beside the rules in force at asOf. Chain pins the history the report was computed from: the
/// municipality's chain head as of asOf (without asOf: right after the plan's last event), for GET /audit/verify?head=.
/// </summary>
/// ChainComplete is false while the sealer has not yet reached every event the report saw: Chain is then the sealed
/// horizon (an ancestor of the head that will cover them), and asking again shortly gives the covering head.
/// ReportDigest proves Status itself (<see cref="Integrity.ReportDigest"/>): GET /audit/verify-report recomputes it from the
/// history up to Chain.
public sealed record PlanStatusAnswer(DateTimeOffset? AsOf, DateOnly ReportingDate, PlanStatusReport Status, PlanStatusReport? UnderCurrentRules,
    ChainHead? Chain = null, bool? ChainComplete = null)
{
    public string ReportDigest => field ??= Integrity.ReportDigest.Of(Status);
}

public static class PlanReads
{
    public static void Map(RouteGroupBuilder api)
    {
        var plans = api.MapGroup("/plans").WithTags("Plans").RequireAuthorization(Policies.Read);
        plans.MapGet("/", List).WithName("ListPlans").WithSummary("The municipality's plans");
        plans.MapGet("/{planId}", Get).WithName("GetPlan").WithSummary("One plan's current definition with every revision");
        plans.MapGet("/{planId}/status", Status).WithName("GetPlanStatus")
            .WithSummary("Plan status (headquarters view): asOf = what was known then, reportingDate = which quarters count, rules=current");
    }

    private static async Task<Ok<List<PlanSummary>>> List(string tenant, PlanViews views, CancellationToken ct) =>
        TypedResults.Ok((await views.ListAsync(tenant, ct)).Select(v => new PlanSummary(v.PlanId, v.Title, v.Municipality, v.Adopted,
            new FiscalYearSpan(v.FromFiscalYear, v.ToFiscalYear, $"{new FiscalYear(v.FromFiscalYear).Display}–{new FiscalYear(v.ToFiscalYear).Display}"),
            v.Pillars.Count, v.Measures.Count, v.Kpis.Count, v.LastSequence, v.Predecessor)).ToList());

    private static async Task<Results<Ok<PlanView>, ProblemHttpResult>> Get(string tenant, string planId, PlanViews views, CancellationToken ct) =>
        await views.GetAsync(tenant, planId, ct) is { } view ? TypedResults.Ok(view) : NotFound(planId);

    private static async Task<Results<Ok<PlanStatusAnswer>, ProblemHttpResult>> Status(
        string tenant, string planId, string? asOf, string? reportingDate, string? rules, ReportReads reads, TimeProvider clock, CancellationToken ct)
    {
        var at = asOf is null ? (DateTimeOffset?)null : ParseInstant(asOf, "asOf");
        var date = reportingDate is null ? JapanDate.Of(at ?? clock.GetUtcNow()) : ParseDate(reportingDate, "reportingDate");
        if (rules is not (null or "asOf" or "current"))
            throw new BadRequestException(400, "Invalid query", [new FieldText("/rules", new RulesChoice())]);
        if ((await reads.PlanStatusAsync(tenant, planId, at, date, currentRules: rules == "current", ct)).Read is not { } read)
            return NotFound(planId);
        return TypedResults.Ok(new PlanStatusAnswer(at, date, read.Report, read.UnderCurrentRules, read.Chain.Head, read.Chain.Complete));
    }

    /// <summary>An instant, or a date meaning the end of that day in Japan (what a meeting date means).</summary>
    /// <remarks>Both are held to the supported fiscal years (<see cref="Bounds"/>): 0001-01-01 or 9999-12-31 has no fiscal
    /// year or Japan day to compute, and a question about it is a mistake to name, not a 500.</remarks>
    public static DateTimeOffset ParseInstant(string text, string field)
    {
        DateTimeOffset instant;
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
            instant = new DateTimeOffset(day.ToDateTime(new TimeOnly(23, 59, 59, 999, 999)), TimeSpan.FromHours(9));
        else if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out instant))
            throw new BadRequestException(400, "Invalid query", [new FieldText("/" + field, new NotAnInstant(field))]);
        return Bounds.IsSupportedInstant(instant) ? instant : throw OutOfRange(field);
    }

    public static DateOnly ParseDate(string text, string field) =>
        !DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
            ? throw new BadRequestException(400, "Invalid query", [new FieldText("/" + field, new NotADate(field))])
            : Bounds.IsSupportedDay(day) ? day : throw OutOfRange(field);

    public static BadRequestException OutOfRange(string field) =>
        new(400, "Invalid query", [new FieldText("/" + field, new QueryDateOutOfRange(field))]);

    public static ProblemHttpResult NotFound(string planId) =>
        TypedResults.Problem(ProblemMapper.Problem(404, "Not found", new PlanNotFoundHere(planId), []));
}
