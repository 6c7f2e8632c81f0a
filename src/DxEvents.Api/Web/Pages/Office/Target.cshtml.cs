using DxEvents.Api.EventStore;
using System.Globalization;
using DxEvents.Api.Kpis;
using DxEvents.Api.Plans;
using DxEvents.Api.Projections;
using DxEvents.Domain.Fiscal;
using DxEvents.Domain.Status;
using DxEvents.Domain.Texts;
using Microsoft.AspNetCore.Mvc;

namespace DxEvents.Api.Web.Pages.Office;

/// <summary>What the target form holds, as typed.</summary>
public sealed record TargetInput(string? FiscalYear, string? Value, string? FromFiscalYear, string? Reason);

/// <summary>
/// 目標値の改訂: a KPI's target as planned and in force, its earlier revisions, and the form that revises it (the year, the
/// value, the start of a flow's window, the reason), decided by the API's own ReviseKpiTargetEndpoint.Post on the KPI's stream.
/// </summary>
public sealed class TargetModel(PlanViews views, PageCommands commands, TimeProvider clock, WebReads reads) : OfficeForm(views)
{
    public KpiView? Kpi { get; private set; }
    public MeasureView? Measure { get; private set; }
    public IReadOnlyList<FiscalYear> Years { get; private set; } = [];
    public TargetInput Input { get; private set; } = new(null, null, null, null);

    public async Task<IActionResult> OnGetAsync(string planId, string kpiId, CancellationToken ct)
    {
        if (!await ShowAsync(planId, kpiId, ct))
            return NotFound();
        var target = Kpi!.Target;
        Input = new TargetInput(Year(target.FiscalYear), Plain(target.Value), Year(target.FromFiscalYear), null);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string planId, string kpiId, string submission, long shown, string? fiscalYear, string? value,
        string? fromFiscalYear, string? reason, CancellationToken ct)
    {
        if (!await ShowAsync(planId, kpiId, ct))
            return NotFound();
        Input = new TargetInput(fiscalYear, value, fromFiscalYear, reason);
        Keep(submission, shown);

        var errors = new List<FormError>();
        var (year, from, number) = (Year(fiscalYear), Year(fromFiscalYear), Forms.Number(value));
        if (year is null)
            errors.Add(new FormError("fiscalYear", new NoSuchYear()));
        if (from is null && !string.IsNullOrWhiteSpace(fromFiscalYear))
            errors.Add(new FormError("fromFiscalYear", new NoSuchYear()));
        if (number is null && !string.IsNullOrWhiteSpace(value))
            errors.Add(new FormError("value", new NotANumber()));
        if (errors.Count > 0)
            return Refused(errors);

        var result = await commands.RunAsync(HttpContext, Submission, [new FormDecision<KpiStream>("", ReviseKpiTargetEndpoint.StreamKey(planId, kpiId), shown,
            stream => ReviseKpiTargetEndpoint.Post(new ReviseKpiTargetRequest(year!.Value, number, from, reason?.Trim()), stream, clock))], ct);
        return Done(result, "目標値を改訂しました。現在の目標は下のとおりです。",
            $"/plans/{Uri.EscapeDataString(planId)}/kpis/{Uri.EscapeDataString(kpiId)}/target");
    }

    private static int? Year(string? typed) =>
        int.TryParse(typed, NumberStyles.None, CultureInfo.InvariantCulture, out var year) && FiscalYear.IsValid(year) ? year : null;

    private static string? Year(int? year) => year?.ToString(CultureInfo.InvariantCulture);

    private async Task<bool> ShowAsync(string planId, string kpiId, CancellationToken ct)
    {
        ReadTime(reads.Today);
        Shown = await commands.VersionAsync(Tenant, ReviseKpiTargetEndpoint.StreamKey(planId, kpiId), ct);
        if (await PlanAsync(planId, ct) is not { } plan || plan.Kpis.FirstOrDefault(k => k.KpiId == kpiId) is not { } kpi)
            return false;
        (Kpi, Measure) = (kpi, plan.Measures.FirstOrDefault(m => m.MeasureId == kpi.MeasureId));
        Years = YearsAround(plan, kpi.Target.FiscalYear, kpi.Target.FromFiscalYear, kpi.PlannedTarget.FiscalYear, kpi.PlannedTarget.FromFiscalYear, kpi.Baseline?.FiscalYear);
        return true;
    }
}

public sealed record NoSuchYear() : Text("form-no-such-year", "年度を選んでください。", "Choose a fiscal year.");
