using DxEvents.Api.Audit;
using DxEvents.Api.EventStore;
using DxEvents.Api.Infrastructure;
using DxEvents.Api.Integrity;
using DxEvents.Api.Plans;
using DxEvents.Api.Reads;
using DxEvents.Domain.Fiscal;
using DxEvents.Domain.Reports.Csv;
using DxEvents.Domain.Status;
using Microsoft.AspNetCore.Mvc;

namespace DxEvents.Api.Exports;

/// <summary>
/// Status and history as files: format=csv (open-data conventions: UTF-8 with BOM, CRLF, 和暦 beside 西暦, 千円 in the
/// header; text/csv; charset=utf-8) or format=json.
/// <list type="bullet">
/// <item>GET /plans/{planId}/status/export?format=&amp;table=kpis|budget&amp;asOf=&amp;reportingDate= — one row per KPI (default)
/// or per measure and fiscal year of 事業費; JSON is the status report itself.</item>
/// <item>GET /audit/events/export?format=&amp;stream=&amp;type=&amp;actor=&amp;from=&amp;to=&amp;after= — every matching event after `after`
/// up to the settled horizon, unpaged, one row per event; DxEvents-Next carries the cursor for the next export.</item>
/// </list>
/// </summary>
public static class Exports
{
    private const string CsvType = "text/csv; charset=utf-8";

    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/plans/{planId}/status/export", Status).WithName("ExportPlanStatus").WithTags("Exports")
            .WithSummary("Plan status as CSV (table=kpis|budget) or JSON: asOf, reportingDate, format=csv|json")
            .Produces<PlanStatusAnswer>().Produces(200, contentType: "text/csv").ProducesProblem(400).ProducesProblem(404)
            .RequireAuthorization(Policies.Read);
        api.MapGet("/audit/events/export", History).WithName("ExportAuditEvents").WithTags("Exports")
            .WithSummary("The filtered event log as CSV or JSON, up to the settled horizon: stream, type, actor, from, to, after, format=csv|json")
            .Produces<List<AuditEvent>>().Produces(200, contentType: "text/csv").ProducesProblem(400).ProducesProblem(503)
            .RequireAuthorization(Policies.Audit);
    }

    private static async Task<IResult> Status(
        string tenant, string planId, string? asOf, string? reportingDate, string? format, string? table, ReportReads reads, TimeProvider clock,
        CancellationToken ct)
    {
        var kind = AuditQuery.Format(format);
        if (table is not (null or "kpis" or "budget"))
            throw AuditQuery.Invalid("/table", new TableChoice());
        var at = asOf is null ? (DateTimeOffset?)null : PlanReads.ParseInstant(asOf, "asOf");
        var date = reportingDate is null ? JapanDate.Of(at ?? clock.GetUtcNow()) : PlanReads.ParseDate(reportingDate, "reportingDate");
        if ((await reads.PlanStatusAsync(tenant, planId, at, date, currentRules: false, ct)).Read is not { } read)
            return PlanReads.NotFound(planId);
        if (kind == "json")
            return TypedResults.Ok(new PlanStatusAnswer(at, date, read.Report, null, read.Chain.Head, read.Chain.Complete));
        var csv = table == "budget" ? StatusCsv.Budget(read.Report) : StatusCsv.Kpis(read.Report);
        return TypedResults.File(csv.ToUtf8WithBom(), CsvType, $"{tenant}-{planId}-{table ?? "kpis"}-{date:yyyyMMdd}.csv");
    }

    private static async Task<IResult> History(
        string tenant, string? stream, [FromQuery] string[]? type, string? actor, string? from, string? to, string? after, string? format,
        HttpContext http, PlanViews views, EventReads store, CancellationToken ct)
    {
        var kind = AuditQuery.Format(format);
        var filter = AuditQuery.Filter(stream, type, actor, from, to);
        var cursor = AuditQuery.After(after);
        var events = new List<JasperFx.Events.IEvent>();
        for (var more = true; more;)
        {
            var page = await store.ReadPageAsync(tenant, filter, cursor, AuditQuery.MaxLimit, ct: ct);
            // An export is a complete prefix of the history or nothing: half of one would read as "that was all".
            if (page.Pending)
            {
                http.Response.Headers.RetryAfter = "1";
                return TypedResults.Problem(ProblemMapper.Problem(503, "History not settled", new HistoryPending(), []));
            }
            events.AddRange(page.Events);
            (cursor, more) = (page.Next, page.More);
        }

        http.Response.Headers["DxEvents-Next"] = cursor.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (kind == "json")
            return TypedResults.Ok(events.Select(e => AuditEvent.Of(e)).ToList());
        var municipality = await views.MunicipalityAsync(tenant, ct);
        var stored = events.ToDictionary(e => e.Sequence, e => AuditEvent.DataOf(e).GetRawText());
        var csv = HistoryCsv.Write(events.Select(Envelopes.From), municipality, e => stored[e.Sequence]);
        return TypedResults.File(csv.ToUtf8WithBom(), CsvType, $"{tenant}-events-{cursor}.csv");
    }
}
