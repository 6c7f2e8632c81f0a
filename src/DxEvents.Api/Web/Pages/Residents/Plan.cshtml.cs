using DxEvents.Api.Auth;
using DxEvents.Domain.Reports.Csv;
using Microsoft.AspNetCore.Mvc;

namespace DxEvents.Api.Web.Pages.Residents;

/// <summary>住民向け: one plan's progress, measure by measure and KPI by KPI, with the open-data CSV and what it takes to
/// check the page against a published bundle.</summary>
public sealed class PlanModel(ResidentsPage published, WebReads reads) : ResidentsPageModel(published)
{
    public PlanStatusPage? Data { get; private set; }

    [FromRoute(Name = "planId")]
    public string PlanId { get; set; } = "";

    public Task<IActionResult> OnGetAsync(CancellationToken ct) => IfPublishedAsync(async () =>
    {
        if (await ReadAsync(ct) is not { } data)
            return NotFoundPage();
        Data = data;
        Named(data.View.Municipality);
        return Page();
    }, ct);

    /// <summary>The open-data CSV of the same report (the API's format: one row per KPI; no person in it).</summary>
    public Task<IActionResult> OnGetCsvAsync(CancellationToken ct) => IfPublishedAsync(async () =>
        await ReadAsync(ct) is { } data
            ? File(StatusCsv.Kpis(data.Report).ToUtf8WithBom(), "text/csv; charset=utf-8", $"{Municipality}-{PlanId}-kpis-{data.Report.ReportingDate:yyyyMMdd}.csv")
            : NotFoundPage(), ct);

    private async Task<PlanStatusPage?> ReadAsync(CancellationToken ct) =>
        // Anything but an id as plan documents write them is no plan, without a query.
        DxEvents.Domain.Input.Bounds.IsDocumentId(PlanId) ? (await reads.PlanStatusAsync(Municipality, PlanId, PageTime.Now, ct)).Page : null;

    private IActionResult NotFoundPage()
    {
        Response.StatusCode = StatusCodes.Status404NotFound;
        return Page();
    }
}
