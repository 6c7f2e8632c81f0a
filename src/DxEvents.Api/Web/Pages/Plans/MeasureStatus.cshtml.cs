using DxEvents.Api.Web.Charts;
using DxEvents.Domain.Status;
using Microsoft.AspNetCore.Mvc;

namespace DxEvents.Api.Web.Pages.Plans;

/// <summary>One measure (施策) for every role: its schedule as a chart and a table, its KPIs with small charts, its budget lines and
/// revisions, its lifecycle history — all from the plan status the plan page reads (the same view, the same report).</summary>
public sealed class MeasureStatusModel(WebReads reads) : WebPage
{
    public PlanStatusPage? Data { get; private set; }
    public MeasureView? Measure { get; private set; }
    public MeasureStatus? Status { get; private set; }
    public PillarStatus? Pillar { get; private set; }
    public string PlanId { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync(string planId, string measureId, CancellationToken ct)
    {
        PlanId = planId;
        ReadTime(reads.Today);
        var (page, _) = await reads.PlanStatusAsync(Tenant, planId, Time, ct);
        Data = page;
        Measure = page?.View.Measures.FirstOrDefault(m => m.MeasureId == measureId);
        if (page is null || Measure is null)
        {
            Response.StatusCode = StatusCodes.Status404NotFound;
            return Page();
        }
        Municipality(page.View.Municipality);
        (Pillar, Status) = page.Report.Pillars.SelectMany(p => p.MeasureStatuses.Select(m => (p, m))).First(x => x.m.MeasureId == measureId);
        return Page();
    }

    public IReadOnlyList<ScheduleRow> Schedule => Measure is null || Status is null || Data is null ? [] : ScheduleRow.Of(Measure, Status, Data.Report.EffectiveDate);

    public KpiView KpiOf(KpiStatusLine line) => Data!.View.Kpis.First(k => k.KpiId == line.KpiId);

    public string Verification => Data is null ? "" : PlanModel.VerificationOf(Data, Tenant, Time);
}
