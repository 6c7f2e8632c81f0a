using System.Globalization;
using DxEvents.Api.Auth;
using DxEvents.Api.EventStore;
using DxEvents.Api.Plans;
using DxEvents.Api.Projections;
using DxEvents.Api.Review;
using DxEvents.Domain;
using DxEvents.Domain.Kpis;
using DxEvents.Domain.Status;
using DxEvents.Domain.Texts;
using Microsoft.AspNetCore.Mvc;

namespace DxEvents.Api.Web.Pages.Office;

/// <summary>A figure the office is asked about: where it belongs, and the figure itself as the plan view has it.</summary>
public sealed record ReviewItem(PlanView Plan, MeasureView? Measure, KpiView Kpi, QuarterFigureView Figure)
{
    /// <summary>The form's own id on the page: the KPI stream and quarter, readable by people and tests alike.</summary>
    public string Id => string.Create(CultureInfo.InvariantCulture, $"{Plan.PlanId}-{Kpi.KpiId}-{Figure.FiscalYear}-{Figure.Quarter}");

    public DxEvents.Domain.Fiscal.FiscalQuarter Quarter => new(Figure.FiscalYear, Figure.Quarter);

    /// <summary>Who recorded the version waiting: the first recorder, or whoever corrected it last.</summary>
    public RecordedBy RecordedBy => Figure.Corrections.Count > 0 ? Figure.Corrections[^1].Recorded : Figure.Recorded;
}

/// <summary>
/// 実績値の確認: the office turns its review of figures on or off, and confirms (確認する) or returns with a reason (差し戻す)
/// each figure that waits, by the API's own ConfirmKpiFigureEndpoint.Post and ReturnKpiFigureEndpoint.Post on the KPI's stream.
/// Each form carries the figure's value and its stream's version as shown: a figure corrected meanwhile is refused, not
/// decided unseen.
/// </summary>
public sealed class ReviewModel(PlanViews views, PageCommands commands, FigureReviews reviews, TimeProvider clock) : WebPage
{
    public bool On { get; private set; }
    public IReadOnlyList<ReviewItem> Waiting { get; private set; } = [];
    public IReadOnlyList<ReviewItem> Returned { get; private set; } = [];
    public IReadOnlyList<FormError> Errors { get; private set; } = [];
    /// <summary>The item whose form the errors belong to (empty: the on/off form).</summary>
    public string? ErrorItem { get; private set; }
    public string? Reason { get; private set; }
    public string Submission { get; private set; } = PageCommands.NewSubmission();

    [TempData]
    public string? Notice { get; set; }

    public FormError? ErrorFor(string item, string field) => ErrorItem == item ? Errors.FirstOrDefault(e => e.Field == field) : null;

    public string? ReasonFor(string item) => ErrorItem == item ? Reason : null;

    public Task<IActionResult> OnGetAsync(CancellationToken ct) => ShowAsync(ct);

    public async Task<IActionResult> OnPostTurnAsync(bool on, CancellationToken ct)
    {
        try
        {
            await reviews.TurnAsync(Tenant, on, HttpContext.Actor(), ct);
        }
        catch (DomainException e)
        {
            (Errors, ErrorItem) = ([new FormError(e.Field, e.Error)], "");
            Response.StatusCode = StatusCodes.Status409Conflict;
            return await ShowAsync(ct);
        }
        Notice = on
            ? "実績値の確認を始めました。これから記録・訂正される実績値は、事務局が確認するまで判定に含めません。"
            : "実績値の確認を終えました。これから記録・訂正される実績値は、記録したとおりに判定に含めます（確認待ちのものは確認待ちのままです）。";
        return Redirect("/review");
    }

    public Task<IActionResult> OnPostConfirmAsync(string planId, string kpiId, int fiscalYear, int quarter, string value, long shown, string submission,
        CancellationToken ct) =>
        DecideAsync(planId, kpiId, fiscalYear, quarter, value, shown, submission, null, (figure, stream) => ConfirmKpiFigureEndpoint.Post(
            new ConfirmKpiFigureRequest(figure), Number(fiscalYear), Number(quarter), stream, User, clock), "を確認しました。判定に含めます。", ct);

    public Task<IActionResult> OnPostReturnAsync(string planId, string kpiId, int fiscalYear, int quarter, string value, long shown, string submission,
        string? reason, CancellationToken ct) =>
        DecideAsync(planId, kpiId, fiscalYear, quarter, value, shown, submission, reason, (figure, stream) => ReturnKpiFigureEndpoint.Post(
            new ReturnKpiFigureRequest(figure, reason?.Trim()), Number(fiscalYear), Number(quarter), stream, User, clock),
            "を担当課に差し戻しました。訂正されると、また確認待ちになります。", ct);

    private async Task<IActionResult> DecideAsync(string planId, string kpiId, int fiscalYear, int quarter, string value, long shown, string submission,
        string? reason, Func<decimal, JasperFx.Events.IEventStream<KpiStream>, (Commands.CommandAnswer, Wolverine.Marten.Events)> decide, string done,
        CancellationToken ct)
    {
        var item = string.Create(CultureInfo.InvariantCulture, $"{planId}-{kpiId}-{fiscalYear}-{quarter}");
        Submission = submission ?? "";
        var figure = decimal.TryParse(value, NumberStyles.Number, CultureInfo.InvariantCulture, out var v) ? v : (decimal?)null;
        var result = figure is { } reviewed
            ? await commands.RunAsync(HttpContext, Submission, [new FormDecision<KpiStream>("", StreamIds.Kpi(planId, kpiId), shown,
                stream => decide(reviewed, stream))], ct)
            : FormResult.Refused([new FormError("value", new NotANumber())]);
        if (!result.Succeeded)
        {
            (Errors, ErrorItem, Reason) = (result.Errors, item, reason);
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return await ShowAsync(ct);
        }
        Notice = result.Kind == FormResult.Outcome.AlreadyRecorded
            ? new AlreadySubmitted().Ja
            : $"{kpiId} の {new DxEvents.Domain.Fiscal.FiscalQuarter(fiscalYear, quarter).Display}の実績値{done}";
        return Redirect("/review");
    }

    /// <summary>The version each KPI stream's form is shown at.</summary>
    public IReadOnlyDictionary<string, long> Shown { get; private set; } = new Dictionary<string, long>();

    private async Task<IActionResult> ShowAsync(CancellationToken ct)
    {
        ReadTime(DxEvents.Domain.Fiscal.JapanDate.Of(clock.GetUtcNow()));
        On = (await reviews.InForceAsync(Tenant, ct)).On;
        var plans = await views.ListAsync(Tenant, ct);
        Municipality(plans.FirstOrDefault()?.Municipality);
        var items = (from plan in plans
                     from kpi in plan.Kpis
                     from figure in kpi.Figures
                     where figure.Review is { Review: FigureReview.Waiting or FigureReview.Returned }
                     orderby plan.PlanId, kpi.KpiId, figure.FiscalYear, figure.Quarter
                     select new ReviewItem(plan, plan.Measures.FirstOrDefault(m => m.MeasureId == kpi.MeasureId), kpi, figure)).ToList();
        Waiting = [.. items.Where(i => i.Figure.Review!.Review == FigureReview.Waiting)];
        Returned = [.. items.Where(i => i.Figure.Review!.Review == FigureReview.Returned)];
        var shown = new Dictionary<string, long>();
        foreach (var i in Waiting)
            shown[i.Id] = await commands.VersionAsync(Tenant, StreamIds.Kpi(i.Plan.PlanId, i.Kpi.KpiId), ct);
        Shown = shown;
        return Page();
    }

    private static string Number(int n) => n.ToString(CultureInfo.InvariantCulture);

    public static string Plain(decimal value) => value.ToString("0.##########", CultureInfo.InvariantCulture);
}
