using DxEvents.Domain.Status;
using Microsoft.AspNetCore.Mvc;

namespace DxEvents.Api.Web.Pages.Plans;

/// <summary>One KPI: its status, the quarterly figures as a chart against the plan line, and every figure, correction and
/// revision with who, when and why — from the plan view the status was judged on (as known at the as-of instant).</summary>
public sealed class KpiModel(WebReads reads) : WebPage
{
    public PlanStatusPage? Data { get; private set; }
    public KpiView? Kpi { get; private set; }
    public KpiStatusLine? Line { get; private set; }
    public MeasureStatus? Measure { get; private set; }
    public PillarStatus? Pillar { get; private set; }
    public string PlanId { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync(string planId, string kpiId, CancellationToken ct)
    {
        PlanId = planId;
        ReadTime(reads.Today);
        var (page, _) = await reads.PlanStatusAsync(Tenant, planId, Time, ct);
        Data = page;
        Kpi = page?.View.Kpis.FirstOrDefault(k => k.KpiId == kpiId);
        if (page is null || Kpi is null)
        {
            Response.StatusCode = StatusCodes.Status404NotFound;
            return Page();
        }
        Municipality(page.View.Municipality);
        (Pillar, Measure, Line) = page.Report.Pillars
            .SelectMany(p => p.MeasureStatuses.SelectMany(m => m.Kpis.Select(k => (p, m, k))))
            .First(x => x.k.KpiId == kpiId);
        return Page();
    }

    /// <summary>The KPI's history, oldest first: figures, their corrections, target and baseline revisions.</summary>
    public IReadOnlyList<HistoryEntry> History()
    {
        if (Kpi is null)
            return [];
        string Figure(decimal v) => Ja.Value(v, Kpi.Unit);
        var entries = new List<HistoryEntry>();
        foreach (var f in Kpi.Figures)
        {
            var quarter = new DxEvents.Domain.Fiscal.FiscalQuarter(f.FiscalYear, f.Quarter).Display;
            entries.Add(new(f.Recorded, "実績値の記録", quarter, null, Figure(f.RecordedValue), f.Note));
            entries.AddRange(f.Corrections.Select(c => new HistoryEntry(c.Recorded, "実績値の訂正", quarter, Figure(c.PreviousValue), Figure(c.Value), c.Reason)));
        }
        entries.AddRange(Kpi.TargetRevisions.Select(r => new HistoryEntry(r.Recorded, "目標値の改訂", "目標",
            DxEvents.Domain.Reports.Labels.Target(r.Previous, Kpi.Unit), DxEvents.Domain.Reports.Labels.Target(r.Target, Kpi.Unit), r.Reason)));
        entries.AddRange(Kpi.BaselineRevisions.Select(r => new HistoryEntry(r.Recorded, "現状値の改訂", "現状値",
            r.Previous is null ? null : DxEvents.Domain.Reports.Labels.Baseline(r.Previous, Kpi.Unit), DxEvents.Domain.Reports.Labels.Baseline(r.Baseline, Kpi.Unit), r.Reason)));
        return [.. entries.OrderBy(e => e.Recorded.Sequence)];
    }
}

public sealed record HistoryEntry(RecordedBy Recorded, string What, string Subject, string? Before, string After, string? Why);
