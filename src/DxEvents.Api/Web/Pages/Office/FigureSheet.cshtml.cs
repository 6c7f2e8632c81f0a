using DxEvents.Api.Plans;
using DxEvents.Api.Workbooks;
using DxEvents.Domain.Fiscal;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace DxEvents.Api.Web.Pages.Office;

/// <summary>
/// 実績値の記入シート: the office downloads a quarter's sheet for the departments and uploads it filled. The upload records every
/// figure or none through the entry form's rules and the API's RecordKpiFigureEndpoint.Post (<see cref="WorkbookCommands"/>); a
/// quarter that already has its figure is refused at its cell with the way to the correction; the same file twice records once.
/// </summary>
[RequestSizeLimit(XlsxReader.MaxFileBytes + FormOverhead)]
[RequestFormLimits(MultipartBodyLengthLimit = XlsxReader.MaxFileBytes + FormOverhead)]
public sealed class FigureSheetModel(PlanViews views, WorkbookCommands commands, TimeProvider clock) : OfficeForm(views)
{
    private const int FormOverhead = 64 * 1024;

    public FiscalQuarter Quarter { get; private set; }
    public IReadOnlyList<FiscalQuarter> Quarters { get; private set; } = [];
    public IReadOnlyList<WorkbookProblem> Problems { get; private set; } = [];
    public int Kpis { get; private set; }

    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    public async Task<IActionResult> OnGetAsync(string planId, CancellationToken ct) =>
        await ShowAsync(planId, ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(string planId, IFormFile? sheet, CancellationToken ct)
    {
        if (!await ShowAsync(planId, ct))
            return NotFound();
        if (sheet is not { Length: > 0 })
            return Refused([new WorkbookProblem("", new NoSheet())]);
        if (sheet.Length > XlsxReader.MaxFileBytes)
            return Refused([new WorkbookProblem("", new WorkbookTooLarge(XlsxReader.MaxFileBytes / 1024 / 1024))]);
        using var bytes = new MemoryStream();
        await sheet.CopyToAsync(bytes, ct);
        if (await commands.RecordQuarterAsync(HttpContext, planId, bytes.ToArray(), ct) is not { } result)
            return NotFound();
        if (result.Kind == FormResult.Outcome.Refused)
            return Refused(result.Problems);
        Notice = result.Kind == FormResult.Outcome.AlreadyRecorded
            ? "このファイルは既に記録されています（同じファイルのため、もう一度は記録していません）。"
            : $"記入シートの実績値を {result.Events} 件記録しました。";
        return Redirect($"/plans/{Uri.EscapeDataString(planId)}/figures-sheet?q={Forms.Value(Quarter)}");
    }

    private PageResult Refused(IReadOnlyList<WorkbookProblem> problems)
    {
        Problems = problems;
        return Refused([new FormError("sheet", problems[0].Text)]);
    }

    private async Task<bool> ShowAsync(string planId, CancellationToken ct)
    {
        var today = JapanDate.Of(clock.GetUtcNow());
        ReadTime(today);
        if (await PlanAsync(planId, ct) is not { } plan)
            return false;
        var lastClosed = FiscalQuarter.LastClosedBefore(today);
        Quarters = Forms.Quarters(plan.FromFiscalYear, lastClosed);
        Quarter = Forms.Quarter(Q) ?? lastClosed;
        Kpis = QuarterSheet.Rows(plan).Count();
        return true;
    }
}

public sealed record NoSheet() : DxEvents.Domain.Texts.Text("form-no-sheet",
    "記入済みの実績値の記入シート（.xlsx）を選んでください。", "Choose the filled quarter sheet (.xlsx).");
