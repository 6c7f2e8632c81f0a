using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using DxEvents.Api.Commands;
using DxEvents.Api.EventStore;
using DxEvents.Api.Kpis;
using DxEvents.Api.Plans;
using DxEvents.Api.Projections;
using DxEvents.Api.Web;
using DxEvents.Domain.Kpis;
using DxEvents.Domain.Texts;

namespace DxEvents.Api.Workbooks;

/// <summary>What an upload came to: recorded now, recorded by an earlier upload of the same file, or refused with every problem
/// at its cell (nothing recorded). Warnings are the import's, at their cells.</summary>
public sealed record WorkbookResult(
    FormResult.Outcome Kind, int Events, IReadOnlyList<WorkbookProblem> Problems, IReadOnlyList<WorkbookProblem> Warnings, string? PlanId = null)
{
    public static WorkbookResult Refused(IReadOnlyList<WorkbookProblem> problems) => new(FormResult.Outcome.Refused, 0, problems, []);

    public bool Exists => Problems.Any(p => p.Text is PlanExists);
}

/// <summary>
/// The uploads' writes, for the pages and the API alike, through the pages' write path (<see cref="PageCommands"/>): the plan
/// import runs the API's ImportPlanEndpoint.Post on the document the workbook spells; a quarter sheet runs RecordKpiFigureEndpoint.Post
/// for each figure, all in one transaction or none. The submission key is the file's SHA-256 (with the municipality and the
/// plan), so the same file uploaded twice — by a page, the API or both — records once and then answers as the first did.
/// </summary>
public sealed class WorkbookCommands(PageCommands commands, PlanViews views, DxEvents.Api.Review.FigureReviews reviews, TimeProvider clock)
{
    public async Task<WorkbookResult> ImportPlanAsync(HttpContext http, byte[] file, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(http);
        var tenant = WebAuth.TenantOf(http.User);
        var submission = Key("plan-workbook", tenant, "", file);
        if (await commands.RecordedAsync(tenant, submission, ct) is { } events)
            return new WorkbookResult(FormResult.Outcome.AlreadyRecorded, events, [], []);
        PlanWorkbookDocument document;
        try
        {
            document = PlanWorkbook.Read(XlsxReader.Read(file));
        }
        catch (WorkbookRefused refused)
        {
            return WorkbookResult.Refused(refused.Problems);
        }
        if (document.Problems.Count > 0)
            return WorkbookResult.Refused(document.Problems);
        var root = JsonSerializer.SerializeToElement(document.Document);
        string? planId = null;
        var result = await commands.StartAsync(http, submission, async session =>
        {
            var answer = await ImportPlanEndpoint.Post(root, tenant, session, ct);
            planId = answer.Shape.PlanId;
            return answer;
        }, ct);
        if (!result.Succeeded)
            return WorkbookResult.Refused(PlanWorkbook.AtCells(document, result.Errors.Select(e => (e.Field, e.Error))));
        var warnings = result.Warnings.Select(w => w.Split(": ", 2)).Select(w => new WorkbookProblem(document.CellOf(w[0]), new Stored(w.ElementAtOrDefault(1) ?? "")));
        return new WorkbookResult(result.Kind, result.Events, [], [.. warnings], planId);
    }

    /// <summary>Null when the municipality has no such plan.</summary>
    public async Task<WorkbookResult?> RecordQuarterAsync(HttpContext http, string planId, byte[] file, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(http);
        var tenant = WebAuth.TenantOf(http.User);
        var submission = Key("quarter-sheet", tenant, planId, file);
        // Before the rules: the figures a first upload recorded would now refuse the same file as "already recorded".
        if (await commands.RecordedAsync(tenant, submission, ct) is { } events)
            return new WorkbookResult(FormResult.Outcome.AlreadyRecorded, events, [], [], planId);
        if (await views.GetAsync(tenant, planId, ct) is not { } plan)
            return null;
        QuarterSheetUpload upload;
        try
        {
            upload = QuarterSheet.Read(XlsxReader.Read(file));
        }
        catch (WorkbookRefused refused)
        {
            return WorkbookResult.Refused(refused.Problems);
        }
        var problems = upload.Problems.ToList();
        if (upload.PlanId is { Length: > 0 } written && written != planId)
            problems.Add(new WorkbookProblem(Address.In(QuarterSheet.Sheet, 2, 2), new SheetForAnotherPlan(written, planId)));
        if (problems.Count > 0 || upload.Quarter is not { } quarter)
            return WorkbookResult.Refused(problems);

        var kpis = QuarterSheet.Rows(plan).ToDictionary(r => r.Kpi.KpiId, r => r.Kpi, StringComparer.Ordinal);
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        var figures = new List<(QuarterSheetRow Row, decimal Value)>();
        foreach (var row in upload.Rows)
        {
            var idCell = Address.In(QuarterSheet.Sheet, row.Row, QuarterSheet.KpiColumn);
            if (!kpis.TryGetValue(row.KpiId, out var kpi))
            {
                problems.Add(new WorkbookProblem(idCell, new KpiNotInSheetQuarter(row.KpiId)));
                continue;
            }
            if (!seen.TryAdd(row.KpiId, idCell))
            {
                problems.Add(new WorkbookProblem(idCell, new KpiTwiceInSheet(row.KpiId, seen[row.KpiId])));
                continue;
            }
            if (row.Value is not { } cell || (!cell.IsFormula && string.IsNullOrWhiteSpace(cell.Text)))
                continue;
            if (cell.IsFormula)
                continue; // told by the sheet's own check
            if (QuarterSheet.Number(cell) is not { } value)
            {
                problems.Add(new WorkbookProblem(row.ValueCell, new NotANumber()));
                continue;
            }
            // The entry form's rule: a quarter that has its figure takes a correction, with a reason, never a second figure.
            if (kpi.Figures.FirstOrDefault(f => f.FiscalYear == quarter.Year.Year && f.Quarter == quarter.Number) is { } recorded)
            {
                problems.Add(new WorkbookProblem(row.ValueCell, new SheetQuarterHasFigure(quarter, recorded.Value, CorrectionPath(planId, kpi.KpiId, quarter))));
                continue;
            }
            figures.Add((row, value));
        }
        if (problems.Count == 0 && figures.Count == 0)
            problems.Add(new WorkbookProblem(Address.In(QuarterSheet.Sheet, QuarterSheet.HeaderRow, QuarterSheet.ValueColumn), new NoFigureInSheet()));
        if (problems.Count > 0)
            return WorkbookResult.Refused(problems);

        var review = await reviews.InForceAsync(WebAuth.TenantOf(http.User), ct);
        var result = await commands.RunAsync(http, submission, [.. figures.Select(f => new FormDecision<KpiStream>(
            f.Row.ValueCell, RecordKpiFigureEndpoint.StreamKey(planId, f.Row.KpiId), null,
            stream => RecordKpiFigureEndpoint.Post(new RecordKpiFigureRequest(quarter.Year.Year, quarter.Number, f.Value, f.Row.Note), stream, review, clock)))], ct);
        if (!result.Succeeded)
        {
            return WorkbookResult.Refused([.. result.Errors.Select(e => new WorkbookProblem(e.Field, e.Error is FigureAlreadyRecorded taken
                ? new SheetQuarterHasFigure(taken.Quarter, taken.Existing, CorrectionPath(planId, KpiOfCell(figures, e.Field), taken.Quarter)) : e.Error))]);
        }
        return new WorkbookResult(result.Kind, result.Events, [], [], planId);
    }

    public static string CorrectionPath(string planId, string kpiId, Domain.Fiscal.FiscalQuarter quarter) =>
        $"/plans/{Uri.EscapeDataString(planId)}/kpis/{Uri.EscapeDataString(kpiId)}/correct?q={Forms.Value(quarter)}";

    private static string KpiOfCell(List<(QuarterSheetRow Row, decimal Value)> figures, string cell) =>
        figures.FirstOrDefault(f => f.Row.ValueCell == cell).Row?.KpiId ?? "";

    /// <summary>A submission key (a GUID, as the pages' keys are) from the file's SHA-256 and what it is uploaded to.</summary>
    private static string Key(string kind, string tenant, string planId, byte[] file)
    {
        var hash = SHA256.HashData([.. Encoding.UTF8.GetBytes($"{kind}\n{tenant}\n{planId}\n"), .. SHA256.HashData(file)]);
        return new Guid(hash.AsSpan(0, 16)).ToString("D");
    }

    /// <summary>A warning as the import stored it (in Japanese), shown again beside its cell.</summary>
    private sealed record Stored(string Ja) : Text("plan-import-warning", Ja, Ja);
}
