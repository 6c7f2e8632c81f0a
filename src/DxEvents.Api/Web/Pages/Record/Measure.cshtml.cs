using System.Globalization;
using DxEvents.Api.EventStore;
using DxEvents.Api.Measures;
using DxEvents.Api.Plans;
using DxEvents.Api.Projections;
using DxEvents.Domain.Fiscal;
using DxEvents.Domain.Measures;
using DxEvents.Domain.Status;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace DxEvents.Api.Web.Pages.Record;

/// <summary>A measure's progress for 担当課: start it (MeasureStarted) and mark its schedule items done. Each form has its own
/// submission key; both run the API endpoints' decisions.</summary>
public sealed class MeasureModel(PlanViews views, PageCommands commands, TimeProvider clock) : FormPage(views)
{
    public MeasureView? Measure { get; private set; }
    /// <summary>The form the errors belong to: "start" or a schedule item's id.</summary>
    public string? ErrorsFor { get; private set; }
    public string? Done { get; private set; }

    [BindProperty]
    public string? On { get; set; }

    [BindProperty]
    public string? Note { get; set; }

    public string TodayValue => Today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public async Task<IActionResult> OnGetAsync(string planId, string measureId, string? done, CancellationToken ct)
    {
        Done = done;
        return await ShowAsync(planId, measureId, ct) ? Page() : NotFound();
    }

    public Task<IActionResult> OnPostStartAsync(string planId, string measureId, string submission, CancellationToken ct) =>
        RunAsync(planId, measureId, "start", submission, (on, note) => stream =>
            StartMeasureEndpoint.Post(new StartMeasureRequest(on, note), stream, clock), ct);

    public Task<IActionResult> OnPostCompleteAsync(string planId, string measureId, string itemId, string submission, CancellationToken ct) =>
        RunAsync(planId, measureId, itemId ?? "", submission, (on, note) => stream =>
            CompleteScheduleItemEndpoint.Post(new CompleteScheduleItemRequest(on, note), itemId ?? "", stream, clock), ct);

    private async Task<IActionResult> RunAsync(string planId, string measureId, string form, string submission,
        Func<DateOnly, string?, Func<JasperFx.Events.IEventStream<MeasureStream>, (Commands.CommandAnswer, Wolverine.Marten.Events)>> decide, CancellationToken ct)
    {
        if (!await ShowAsync(planId, measureId, ct))
            return NotFound();
        ErrorsFor = form;
        if (Forms.Date(On) is not { } on)
            return Refused([new FormError("on", new NotADate())]);
        var note = string.IsNullOrWhiteSpace(Note) ? null : Note.Trim();
        var result = await commands.RunAsync(HttpContext, submission,
            [new FormDecision<MeasureStream>("", StartMeasureEndpoint.StreamKey(planId, measureId), null, decide(on, note))], ct);
        if (!result.Succeeded)
            return Refused(result.Errors);
        return Redirect($"/plans/{Uri.EscapeDataString(planId)}/measures/{Uri.EscapeDataString(measureId)}/progress?done={Uri.EscapeDataString(form)}");
    }

    public FormError? ErrorFor(string form, string field) => ErrorsFor == form ? Errors.FirstOrDefault(e => e.Field == field) : null;

    public IEnumerable<FormError> OtherErrors(string form) => ErrorsFor == form ? Errors.Where(e => e.Field is not ("on" or "note")) : [];

    private async Task<bool> ShowAsync(string planId, string measureId, CancellationToken ct)
    {
        ReadTime(JapanDate.Of(clock.GetUtcNow()));
        Measure = (await PlanAsync(planId, ct))?.Measures.FirstOrDefault(m => m.MeasureId == measureId);
        return Measure is not null;
    }
}

/// <summary>The date-and-note fields of one form on the measure page.</summary>
public sealed record DateNoteForm(string Id, string DateLabel, string On, string Max, string? Note, FormError? DateError, IReadOnlyList<FormError> Others);
