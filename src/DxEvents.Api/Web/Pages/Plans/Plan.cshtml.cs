using DxEvents.Domain.Reports;
using DxEvents.Api.Reads;
using Microsoft.AspNetCore.Mvc;

namespace DxEvents.Api.Web.Pages.Plans;

/// <summary>One plan: pillar → measure → KPI with statuses, budget per year, figures due; printable on A4 landscape
/// with its as-of instant and chain head (and a QR code of them).</summary>
public sealed class PlanModel(WebReads reads) : WebPage
{
    public PlanStatusPage? Data { get; private set; }

    /// <summary>The plan it follows and the plans that follow it (前期計画・次期計画).</summary>
    public RelatedPlans Related => Data?.Related ?? RelatedPlans.None;

    public string PlanId { get; private set; } = "";

    /// <summary>rules=current: beside the report as it was judged then, the same report under today's tolerances.</summary>
    public bool CurrentRules => Request.Query["rules"] == "current";

    public AsOfForm PlanAsOf() => AsOf() with { CurrentRules = CurrentRules };

    public async Task<IActionResult> OnGetAsync(string planId, CancellationToken ct)
    {
        PlanId = planId;
        ReadTime(reads.Today);
        var (page, exists) = await reads.PlanStatusAsync(Tenant, planId, Time, ct, CurrentRules, related: true);
        if (!exists)
            return NotFoundPage();
        Data = page;
        Municipality(page?.View.Municipality);
        return Page();
    }

    /// <summary>What the QR code on a printed report carries: enough to find the report again and check its history.</summary>
    public string Verification => Data is null ? "" : VerificationOf(Data, Tenant, Time);

    public static string VerificationOf(PlanStatusPage data, string tenant, PageTime time)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(time);
        return string.Join("\n",
            "DxEvents 進捗報告",
            $"municipality={tenant}",
            $"plan={data.View.PlanId}",
            $"asOf={(time.AsOf is { } at ? Ja.IsoInstant(at) : "latest:" + Ja.IsoInstant(data.View.LastRecordedAt))}",
            $"reportingDate={Labels.Date(data.Report.ReportingDate)}",
            $"chain={data.Chain.Head.Position}",
            $"head={data.Chain.Head.Hash}",
            $"report={data.ReportDigest}");
    }

    private IActionResult NotFoundPage()
    {
        Response.StatusCode = StatusCodes.Status404NotFound;
        return Page();
    }
}
