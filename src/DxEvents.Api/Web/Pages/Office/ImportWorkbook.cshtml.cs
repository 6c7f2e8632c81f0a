using DxEvents.Api.Plans;
using DxEvents.Api.Workbooks;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace DxEvents.Api.Web.Pages.Office;

/// <summary>
/// 計画の取り込み（Excel ブック）: the template to download, and a filled workbook uploaded for the signed-in municipality. The
/// workbook becomes the plan document and is imported by the API's own ImportPlanEndpoint.Post (<see cref="WorkbookCommands"/>),
/// all or nothing; each problem is listed at its cell, the warnings after the import at theirs. The file is its own submission
/// key: the same file sent twice records once.
/// </summary>
[RequestSizeLimit(XlsxReader.MaxFileBytes + FormOverhead)]
[RequestFormLimits(MultipartBodyLengthLimit = XlsxReader.MaxFileBytes + FormOverhead)]
public sealed class ImportWorkbookModel(PlanViews views, WorkbookCommands commands, WebReads reads) : OfficeForm(views)
{
    private const int FormOverhead = 64 * 1024;

    public IReadOnlyList<WorkbookProblem> Problems { get; private set; } = [];

    public bool Exists { get; private set; }

    [BindProperty(SupportsGet = true, Name = "plan")]
    public string? ImportedPlan { get; set; }

    /// <summary>The warnings after the redirect, each "cell: 日本語".</summary>
    [TempData]
    public string[]? CellWarnings { get; set; }

    public PlanLink? Imported { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => await ShowAsync(ct);

    public async Task<IActionResult> OnPostAsync(IFormFile? workbook, CancellationToken ct)
    {
        await ShowAsync(ct);
        ImportedPlan = null;
        if (workbook is not { Length: > 0 })
            return Refused([new WorkbookProblem("", new NoWorkbook())]);
        if (workbook.Length > XlsxReader.MaxFileBytes)
            return Refused([new WorkbookProblem("", new WorkbookTooLarge(XlsxReader.MaxFileBytes / 1024 / 1024))]);
        using var bytes = new MemoryStream();
        await workbook.CopyToAsync(bytes, ct);
        var result = await commands.ImportPlanAsync(HttpContext, bytes.ToArray(), ct);
        if (result.Kind == FormResult.Outcome.Refused)
        {
            Exists = result.Exists;
            var page = Refused(result.Problems);
            if (Exists)
                Response.StatusCode = StatusCodes.Status409Conflict;
            return page;
        }
        Notice = result.Kind == FormResult.Outcome.AlreadyRecorded
            ? new AlreadySubmitted().Ja
            : $"Excel ブックから計画を取り込みました（記録 {result.Events} 件）。";
        CellWarnings = [.. result.Warnings.Select(PlanWorkbook.Line)];
        return Redirect("/plans/import/workbook" + (result.PlanId is null ? "" : "?plan=" + Uri.EscapeDataString(result.PlanId)));
    }

    private PageResult Refused(IReadOnlyList<WorkbookProblem> problems)
    {
        Problems = problems;
        return Refused([new FormError("workbook", problems[0].Text)]);
    }

    private async Task ShowAsync(CancellationToken ct)
    {
        ReadTime(reads.Today);
        ViewData["Municipality"] = await reads.MunicipalityAsync(Tenant, ct);
        if (ImportedPlan is { } id && await PlanAsync(id, ct) is { } plan)
            Imported = new PlanLink(plan.PlanId, plan.Title);
    }
}

public sealed record NoWorkbook() : DxEvents.Domain.Texts.Text("form-no-workbook",
    "取り込む計画の Excel ブック（.xlsx）を選んでください。", "Choose the plan's Excel workbook (.xlsx) to import.");
