using DxEvents.Api.EventStore;
using DxEvents.Api.Kpis;
using DxEvents.Api.Plans;
using DxEvents.Api.Projections;
using DxEvents.Domain.Fiscal;
using DxEvents.Domain.Kpis;
using DxEvents.Domain.Measures;
using DxEvents.Domain.Status;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace DxEvents.Api.Web.Pages.Record;

/// <summary>A KPI as the entry form lists it: what is already recorded for the quarter, and what was typed.</summary>
public sealed record EntryRow(KpiView Kpi, MeasureView Measure, QuarterFigureView? Recorded, string? Typed, string? Note, FormError? Error);

/// <summary>
/// 担当課's quarterly entry: one form per plan with every KPI of the measures under way, the last closed quarter chosen. A
/// quarter that has its figure shows it and leads to the correction form. One submission records every figure typed, all
/// or none, under its own submission key (a double click or a resend records once).
/// </summary>
public sealed class EntryModel(PlanViews views, PageCommands commands, DxEvents.Api.Review.FigureReviews reviews, TimeProvider clock) : FormPage(views)
{
    public FiscalQuarter Quarter { get; private set; }
    public IReadOnlyList<FiscalQuarter> Quarters { get; private set; } = [];
    public IReadOnlyList<EntryRow> Rows { get; private set; } = [];
    public int? Recorded { get; private set; }

    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    public async Task<IActionResult> OnGetAsync(string planId, int? recorded, CancellationToken ct)
    {
        Recorded = recorded;
        return await ShowAsync(planId, new Dictionary<string, string>(), new Dictionary<string, string>(), ct) ? Page() : NotFound();
    }

    public async Task<IActionResult> OnPostAsync(string planId, string submission, Dictionary<string, string> values, Dictionary<string, string> notes, CancellationToken ct)
    {
        values ??= [];
        notes ??= [];
        if (!await ShowAsync(planId, values, notes, ct))
            return NotFound();
        Submission = submission ?? "";
        // A resend of a submission that was recorded (a double click, a reload) answers as the first did.
        if (await commands.EarlierAsync(HttpContext, Submission, ct) is { } earlier)
            return earlier.Succeeded ? Answered(planId, earlier.Events) : Refused(earlier.Errors);
        if (Forms.Quarter(Q) is null)
        {
            Errors = [new FormError("q", new NoSuchQuarter())];
            return Page();
        }
        var typed = Rows.Where(r => r.Recorded is null && !string.IsNullOrWhiteSpace(r.Typed)).ToList();
        // A figure typed for a quarter that got its figure after the form was shown (another tab, a colleague).
        var taken = Rows.Where(r => r.Recorded is not null && !string.IsNullOrWhiteSpace(r.Typed))
            .Select(r => new FormError(r.Kpi.KpiId, new QuarterHasFigure(Quarter, r.Recorded!.Value)));
        var wrong = typed.Where(r => Forms.Number(r.Typed) is null).Select(r => new FormError(r.Kpi.KpiId, new NotANumber())).Concat(taken).ToList();
        if (typed.Count == 0 && wrong.Count == 0)
            wrong.Add(new FormError("", new NothingEntered()));
        if (wrong.Count > 0)
            return Refused(wrong);

        var review = await reviews.InForceAsync(Tenant, ct);
        var result = await commands.RunAsync(HttpContext, Submission, [.. typed.Select(r => new FormDecision<KpiStream>(
            r.Kpi.KpiId, RecordKpiFigureEndpoint.StreamKey(planId, r.Kpi.KpiId), null,
            stream => RecordKpiFigureEndpoint.Post(new RecordKpiFigureRequest(Quarter.Year.Year, Quarter.Number, Forms.Number(r.Typed)!.Value,
                string.IsNullOrWhiteSpace(r.Note) ? null : r.Note.Trim()), stream, review, clock)))], ct);
        if (!result.Succeeded)
        {
            // Show what is recorded now: a figure someone else recorded meanwhile appears with its correction link.
            await ShowAsync(planId, values, notes, ct);
            return Refused([.. result.Errors.Select(e => e.Error is DxEvents.Domain.Kpis.FigureAlreadyRecorded taken
                ? e with { Error = new QuarterHasFigure(taken.Quarter, taken.Existing) } : e)]);
        }
        return Answered(planId, result.Events);
    }

    private RedirectResult Answered(string planId, int events) =>
        Redirect($"/plans/{Uri.EscapeDataString(planId)}/entry?q={Forms.Value(Quarter)}&recorded={events}");

    protected override PageResult Refused(IReadOnlyList<FormError> errors)
    {
        Rows = [.. Rows.Select(r => r with { Error = errors.FirstOrDefault(e => e.Field == r.Kpi.KpiId) })];
        return base.Refused(errors);
    }

    private async Task<bool> ShowAsync(string planId, IReadOnlyDictionary<string, string> values, IReadOnlyDictionary<string, string> notes, CancellationToken ct)
    {
        var today = JapanDate.Of(clock.GetUtcNow());
        ReadTime(today);
        if (await PlanAsync(planId, ct) is not { } plan)
            return false;
        var lastClosed = FiscalQuarter.LastClosedBefore(today);
        Quarters = Forms.Quarters(plan.FromFiscalYear, lastClosed);
        Quarter = Forms.Quarter(Q) ?? lastClosed;
        var measures = plan.Measures.Where(m => m.StartedOn is not null && m.Lifecycle != MeasureLifecycle.Cancelled).ToDictionary(m => m.MeasureId);
        Rows = [.. plan.Kpis.Where(k => measures.ContainsKey(k.MeasureId)).Select(k => new EntryRow(k, measures[k.MeasureId],
            k.Figures.FirstOrDefault(f => f.FiscalYear == Quarter.Year.Year && f.Quarter == Quarter.Number),
            values.GetValueOrDefault(k.KpiId), notes.GetValueOrDefault(k.KpiId), null))];
        return true;
    }
}
