using DxEvents.Domain.Reports;
using Microsoft.AspNetCore.Mvc;

namespace DxEvents.Api.Web.Pages.Plans;

/// <summary>What changed in a plan since a chosen date (the last meeting), until now or another date: before → after,
/// who and why, and the statuses at both dates — PlanChanges, as GET /plans/{planId}/changes answers it.</summary>
public sealed class ChangesModel(WebReads reads) : WebPage
{
    public PlanChangeReport? Report { get; private set; }
    public string PlanId { get; private set; } = "";
    public string? Error { get; private set; }
    public PageTime Since { get; private set; } = PageTime.Now;
    public PageTime Until { get; private set; } = PageTime.Now;
    public bool PlanMissing { get; private set; }

    public async Task<IActionResult> OnGetAsync(string planId, string? since, string? sinceTime, string? until, string? untilTime, CancellationToken ct)
    {
        PlanId = planId;
        Today = reads.Today;
        since ??= Today.AddDays(-30).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        (Since, Until) = (PageTime.Parse(since, sinceTime, null), PageTime.Parse(until, untilTime, null));
        var (from, to) = (Since.AsOf, Until.AsOf ?? reads.Now);
        Error = Since.Error ?? Until.Error ?? (from >= to ? "「いつまで」は「いつから」より後にしてください。" : null);
        if (Error is null && from is { } start)
        {
            Report = await reads.ChangesAsync(Tenant, planId, start, to, ct);
            PlanMissing = Report is null;
        }
        if (PlanMissing)
            Response.StatusCode = StatusCodes.Status404NotFound;
        Municipality(Report?.Municipality);
        return Page();
    }
}
