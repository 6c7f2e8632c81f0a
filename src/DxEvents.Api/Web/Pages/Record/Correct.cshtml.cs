using DxEvents.Api.EventStore;
using DxEvents.Api.Kpis;
using DxEvents.Api.Plans;
using DxEvents.Api.Projections;
using DxEvents.Domain.Fiscal;
using DxEvents.Domain.Status;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace DxEvents.Api.Web.Pages.Record;

/// <summary>
/// A recorded quarter's figure corrected, with the reason the rule asks for. The form carries the KPI stream's version as
/// it was shown: a figure changed meanwhile (another correction, another tab) is refused, never overwritten.
/// </summary>
public sealed class CorrectModel(PlanViews views, PageCommands commands, DxEvents.Api.Review.FigureReviews reviews, TimeProvider clock) : FormPage(views)
{
    public KpiView? Kpi { get; private set; }
    public QuarterFigureView? Figure { get; private set; }
    public FiscalQuarter Quarter { get; private set; }
    public long ShownVersion { get; private set; }
    public bool Done { get; private set; }

    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    [BindProperty]
    public string? Value { get; set; }

    [BindProperty]
    public string? Reason { get; set; }

    public async Task<IActionResult> OnGetAsync(string planId, string kpiId, bool done, CancellationToken ct)
    {
        if (!await ShowAsync(planId, kpiId, ct))
            return NotFound();
        Done = done;
        ShownVersion = await commands.VersionAsync(Tenant, RecordKpiFigureEndpoint.StreamKey(planId, kpiId), ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string planId, string kpiId, string submission, long shownVersion, CancellationToken ct)
    {
        if (!await ShowAsync(planId, kpiId, ct))
            return NotFound();
        (Submission, ShownVersion) = (submission ?? "", shownVersion);
        if (Forms.Number(Value) is not { } value)
            return Refused([new FormError("value", string.IsNullOrWhiteSpace(Value) ? new ValueRequired() : new NotANumber())]);
        var quarter = Quarter;
        var review = await reviews.InForceAsync(Tenant, ct);
        var result = await commands.RunAsync(HttpContext, Submission, [new FormDecision<KpiStream>("", CorrectKpiFigureEndpoint.StreamKey(planId, kpiId), shownVersion,
            stream => CorrectKpiFigureEndpoint.Post(new CorrectKpiFigureRequest(value, Reason?.Trim()),
                quarter.Year.Year.ToString(System.Globalization.CultureInfo.InvariantCulture), quarter.Number.ToString(System.Globalization.CultureInfo.InvariantCulture), stream, review, clock))], ct);
        if (!result.Succeeded)
            return Refused(result.Errors);
        return Redirect($"/plans/{Uri.EscapeDataString(planId)}/kpis/{Uri.EscapeDataString(kpiId)}/correct?q={Forms.Value(quarter)}&done=true");
    }

    private async Task<bool> ShowAsync(string planId, string kpiId, CancellationToken ct)
    {
        ReadTime(JapanDate.Of(clock.GetUtcNow()));
        Kpi = (await PlanAsync(planId, ct))?.Kpis.FirstOrDefault(k => k.KpiId == kpiId);
        if (Kpi is null || Forms.Quarter(Q) is not { } quarter)
            return false;
        Quarter = quarter;
        Figure = Kpi.Figures.FirstOrDefault(f => f.FiscalYear == quarter.Year.Year && f.Quarter == quarter.Number);
        return true;
    }
}
