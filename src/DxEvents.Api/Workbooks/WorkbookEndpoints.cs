using System.ComponentModel.DataAnnotations;
using DxEvents.Api.Audit;
using DxEvents.Api.EventStore;
using DxEvents.Api.Infrastructure;
using DxEvents.Api.Integrity;
using DxEvents.Api.Plans;
using DxEvents.Api.Reads;
using DxEvents.Api.Web;
using DxEvents.Domain.Fiscal;
using DxEvents.Domain.Status;
using DxEvents.Domain.Texts;
using Microsoft.AspNetCore.Mvc;

namespace DxEvents.Api.Workbooks;

/// <summary>A warning of an import at its cell.</summary>
public sealed record CellWarning(string Cell, string Detail);

/// <summary>An upload's answer: recorded (events appended now) or already recorded (the same file earlier: nothing appended).</summary>
public sealed record WorkbookAnswer(string Outcome, int Events, string? PlanId, IReadOnlyList<CellWarning> Warnings);

/// <summary>
/// The workbooks over HTTP. Reads are minimal APIs like the other exports; the uploads are minimal APIs too, since their body is a
/// file (multipart/form-data, field "file") that the commands' JSON middleware does not take: they write through
/// <see cref="WorkbookCommands"/>, the pages' write path, with the API's own Decide functions. A refused upload is a 422
/// whose errors[].pointer is the cell ("施策!C12", "" for the file); nothing is appended. The pages download the same files
/// through the routes <see cref="MapPages"/> adds, the municipality taken from the session.
/// </summary>
public static class WorkbookEndpoints
{
    public const string ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    /// <summary>Room for the multipart boundaries and headers around a file of the reader's largest size.</summary>
    private const long MaxRequestBytes = XlsxReader.MaxFileBytes + (64 * 1024);

    public static void Map(RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        api.MapGet("/workbooks/plan-template", (string tenant) => Template()).WithName("GetPlanWorkbookTemplate").WithTags("Workbooks")
            .WithSummary("The plan workbook template (xlsx): a sheet per part of the plan, input lists, a sheet explaining every column")
            .Produces(200, contentType: ContentType).RequireAuthorization(Policies.Office);
        api.MapPost("/plans/workbook", ImportAsync).WithName("ImportPlanWorkbook").WithTags("Workbooks")
            .WithSummary("Import a plan from a filled workbook (multipart field 'file', at most 2 MiB); errors name their cells")
            .Accepts<IFormFile>("multipart/form-data").Produces<WorkbookAnswer>(201).Produces<WorkbookAnswer>(200)
            .ProducesProblem(409).ProducesProblem(413).ProducesProblem(422)
            .WithMetadata(new RequestSizeLimitAttribute(MaxRequestBytes)).DisableAntiforgery().RequireAuthorization(Policies.Office);
        api.MapGet("/plans/{planId}/workbook", ExportAsync).WithName("ExportPlanWorkbook").WithTags("Workbooks")
            .WithSummary("A plan as adopted, in the template's layout (xlsx)")
            .Produces(200, contentType: ContentType).ProducesProblem(404).RequireAuthorization(Policies.Read);
        api.MapGet("/plans/{planId}/figures/workbook", QuarterAsync).WithName("GetQuarterFigureSheet").WithTags("Workbooks")
            .WithSummary("A quarter's figure sheet (xlsx) for the KPIs of the measures under way; the last closed quarter when none is given")
            .Produces(200, contentType: ContentType).ProducesProblem(400).ProducesProblem(404).RequireAuthorization(Policies.Office);
        api.MapPost("/plans/{planId}/figures/workbook", RecordAsync).WithName("RecordQuarterFigureSheet").WithTags("Workbooks")
            .WithSummary("Record a filled quarter sheet (multipart field 'file'): every figure or none; the same file again records nothing")
            .Accepts<IFormFile>("multipart/form-data").Produces<WorkbookAnswer>(200)
            .ProducesProblem(404).ProducesProblem(413).ProducesProblem(422)
            .WithMetadata(new RequestSizeLimitAttribute(MaxRequestBytes)).DisableAntiforgery().RequireAuthorization(Policies.Office);
        api.MapGet("/plans/{planId}/status/workbook", StatusAsync).WithName("GetMeetingWorkbook").WithTags("Workbooks")
            .WithSummary("The headquarters meeting's status workbook (xlsx, A4 landscape): asOf, reportingDate")
            .Produces(200, contentType: ContentType).ProducesProblem(400).ProducesProblem(404).RequireAuthorization(Policies.Read);
        api.MapGet("/audit/events/workbook", HistoryAsync).WithName("GetAuditHistoryWorkbook").WithTags("Workbooks")
            .WithSummary("The filtered event log as a workbook (xlsx, A4 landscape), at most 10,000 events: stream, type, actor, from, to")
            .Produces(200, contentType: ContentType).ProducesProblem(400).ProducesProblem(503).RequireAuthorization(Policies.Audit);
    }

    /// <summary>The pages' downloads: the same files, the municipality from the session.</summary>
    public static void MapPages(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapGet("/workbooks/plan-template.xlsx", Template).RequireAuthorization(WebAuth.OfficePolicy).ExcludeFromDescription();
        app.MapGet("/plans/{planId}/plan.xlsx", (HttpContext http, string planId, PlanViews views, CancellationToken ct) =>
            ExportAsync(WebAuth.TenantOf(http.User), planId, views, ct)).RequireAuthorization(WebAuth.ReadPolicy).ExcludeFromDescription();
        app.MapGet("/plans/{planId}/figures.xlsx", (HttpContext http, string planId, int? fiscalYear, int? quarter, PlanViews views, TimeProvider clock, CancellationToken ct) =>
            QuarterAsync(WebAuth.TenantOf(http.User), planId, fiscalYear, quarter, views, clock, ct)).RequireAuthorization(WebAuth.OfficePolicy).ExcludeFromDescription();
        app.MapGet("/plans/{planId}/meeting.xlsx", (HttpContext http, string planId, string? asOf, string? reportingDate, ReportReads reads, TimeProvider clock, CancellationToken ct) =>
            StatusAsync(WebAuth.TenantOf(http.User), planId, asOf, reportingDate, reads, clock, ct)).RequireAuthorization(WebAuth.ReadPolicy).ExcludeFromDescription();
        app.MapGet("/audit/history.xlsx", (HttpContext http, string? stream, [FromQuery] string[]? type, string? actor, string? from, string? to,
                PlanViews views, EventReads reads, ChainReads chain, TimeProvider clock, CancellationToken ct) =>
            HistoryAsync(WebAuth.TenantOf(http.User), stream, type, actor, from, to, views, reads, chain, clock, ct))
            .RequireAuthorization(WebAuth.AuditPolicy).ExcludeFromDescription();
    }

    private static IResult Template() => File(PlanWorkbook.Template(), "dxevents-plan-template.xlsx");

    private static async Task<IResult> ExportAsync(string tenant, string planId, PlanViews views, CancellationToken ct) =>
        await views.GetAsync(tenant, planId, ct) is { } plan ? File(PlanWorkbook.Export(plan, tenant), $"{tenant}-{planId}-plan.xlsx") : PlanReads.NotFound(planId);

    private static async Task<IResult> QuarterAsync(
        string tenant, string planId, [Range(FiscalYear.MinYear, FiscalYear.MaxYear)] int? fiscalYear, [Range(1, 4)] int? quarter,
        PlanViews views, TimeProvider clock, CancellationToken ct)
    {
        if (fiscalYear is { } y && !FiscalYear.IsValid(y))
            throw AuditQuery.Invalid("/fiscalYear", new Domain.Plans.Import.NotAFiscalYear());
        if (quarter is not (null or >= 1 and <= 4))
            throw AuditQuery.Invalid("/quarter", new NoSuchQuarter());
        var lastClosed = FiscalQuarter.LastClosedBefore(JapanDate.Of(clock.GetUtcNow()));
        var chosen = fiscalYear is { } year && quarter is { } number ? new FiscalQuarter(year, number) : lastClosed;
        if (await views.GetAsync(tenant, planId, ct) is not { } plan)
            return PlanReads.NotFound(planId);
        return File(QuarterSheet.Write(plan, chosen), $"{tenant}-{planId}-figures-{chosen.Year.Year}Q{chosen.Number}.xlsx");
    }

    private static async Task<IResult> StatusAsync(
        string tenant, string planId, string? asOf, string? reportingDate, ReportReads reads, TimeProvider clock, CancellationToken ct)
    {
        var at = asOf is null ? (DateTimeOffset?)null : PlanReads.ParseInstant(asOf, "asOf");
        var date = reportingDate is null ? JapanDate.Of(at ?? clock.GetUtcNow()) : PlanReads.ParseDate(reportingDate, "reportingDate");
        if ((await reads.PlanStatusAsync(tenant, planId, at, date, currentRules: false, ct)).Read is not { } read)
            return PlanReads.NotFound(planId);
        return File(MeetingWorkbook.Status(read.Report, at, clock.GetUtcNow(), read.Chain.Head, read.Chain.Complete),
            $"{tenant}-{planId}-meeting-{date:yyyyMMdd}.xlsx");
    }

    public const int MaxHistoryEvents = 10_000;

    private static async Task<IResult> HistoryAsync(
        string tenant, string? stream, [FromQuery] string[]? type, string? actor, string? from, string? to,
        PlanViews views, EventReads reads, ChainReads chain, TimeProvider clock, CancellationToken ct)
    {
        var filter = AuditQuery.Filter(stream, type, actor, from, to);
        var events = new List<JasperFx.Events.IEvent>();
        long cursor = 0;
        for (var more = true; more;)
        {
            var page = await reads.ReadPageAsync(tenant, filter, cursor, AuditQuery.MaxLimit, ct: ct);
            if (page.Pending)
                return TypedResults.Problem(ProblemMapper.Problem(503, "History not settled", new HistoryPending(), []));
            events.AddRange(page.Events);
            if (events.Count > MaxHistoryEvents)
                throw AuditQuery.Invalid("/from", new TooManyEventsForWorkbook(MaxHistoryEvents));
            (cursor, more) = (page.Next, page.More);
        }
        var municipality = await views.MunicipalityAsync(tenant, ct);
        var pin = await chain.PinAtSequenceAsync(tenant, events.Count == 0 ? 0 : events[^1].Sequence, ct);
        var said = string.Join("　", new[] { ("ストリーム", stream), ("種別", type is null ? null : string.Join(",", type)), ("記録者", actor), ("から", from), ("まで", to) }
            .Where(x => !string.IsNullOrEmpty(x.Item2)).Select(x => $"{x.Item1}：{x.Item2}"));
        return File(MeetingWorkbook.History([.. events.Select(Envelopes.From)], municipality, said, clock.GetUtcNow(), pin.Head), $"{tenant}-history.xlsx");
    }

    private static async Task<IResult> ImportAsync(HttpContext http, string tenant, IFormFile file, WorkbookCommands commands, CancellationToken ct)
    {
        if (await BytesAsync(file, ct) is not { } bytes)
            return TooLarge();
        var result = await commands.ImportPlanAsync(http, bytes, ct);
        if (result.Kind == FormResult.Outcome.Refused)
            return result.Exists
                ? Problem(409, "Plan exists", result.Problems)
                : Problem(422, "The workbook has errors", result.Problems);
        var answer = Answer(result);
        if (result.Kind == FormResult.Outcome.AlreadyRecorded)
        {
            http.Response.Headers["Idempotent-Replayed"] = "true";
            return TypedResults.Ok(answer);
        }
        return TypedResults.Created($"/api/{tenant}/plans/{result.PlanId}", answer);
    }

    private static async Task<IResult> RecordAsync(HttpContext http, string planId, IFormFile file, WorkbookCommands commands, CancellationToken ct)
    {
        if (await BytesAsync(file, ct) is not { } bytes)
            return TooLarge();
        if (await commands.RecordQuarterAsync(http, planId, bytes, ct) is not { } result)
            return PlanReads.NotFound(planId);
        if (result.Kind == FormResult.Outcome.Refused)
            return Problem(422, "The workbook has errors", result.Problems);
        if (result.Kind == FormResult.Outcome.AlreadyRecorded)
            http.Response.Headers["Idempotent-Replayed"] = "true";
        return TypedResults.Ok(Answer(result));
    }

    private static WorkbookAnswer Answer(WorkbookResult result) => new(
        result.Kind == FormResult.Outcome.Recorded ? "recorded" : "already_recorded", result.Events, result.PlanId,
        [.. result.Warnings.Select(w => new CellWarning(w.Cell, w.Text.Ja))]);

    private static async Task<byte[]?> BytesAsync(IFormFile file, CancellationToken ct)
    {
        if (file.Length > XlsxReader.MaxFileBytes)
            return null;
        using var buffer = new MemoryStream();
        await file.CopyToAsync(buffer, ct);
        return buffer.ToArray();
    }

    private static IResult TooLarge() =>
        Problem(413, "Payload too large", [new WorkbookProblem("", new WorkbookTooLarge(XlsxReader.MaxFileBytes / 1024 / 1024))]);

    private static IResult Problem(int status, string title, IReadOnlyList<WorkbookProblem> problems) =>
        TypedResults.Problem(ProblemMapper.Problem(status, title, [.. problems.Select(p => new FieldText(p.Cell, p.Text))]));

    private static FileContentHttpResultWithName File(byte[] bytes, string name) => new(bytes, name);

    /// <summary>An xlsx answer that is never cached: a workbook is a report at an instant.</summary>
    private sealed class FileContentHttpResultWithName(byte[] bytes, string name) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers.CacheControl = "no-store";
            return TypedResults.File(bytes, ContentType, name).ExecuteAsync(httpContext);
        }
    }
}

public sealed record TooManyEventsForWorkbook(int Max) : Text("workbook-too-many-events",
    $"記録が {Max:#,0} 件を超えるため、ブックにできません。期間・ストリーム・種別で絞り込んでください。",
    $"More than {Max:#,0} events: narrow the period, stream or type to make a workbook.");
