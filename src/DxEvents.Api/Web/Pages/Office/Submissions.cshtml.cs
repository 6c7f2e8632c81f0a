using DxEvents.Api.Deadlines;
using DxEvents.Api.EventStore;
using DxEvents.Api.Plans;
using DxEvents.Api.Projections;
using DxEvents.Domain.Deadlines;
using DxEvents.Domain.Fiscal;
using DxEvents.Domain.Texts;
using Microsoft.AspNetCore.Mvc;

namespace DxEvents.Api.Web.Pages.Office;

/// <summary>What the deadline form holds, as typed.</summary>
public sealed record DeadlineInput(string? Due, string? Reason);

/// <summary>
/// 提出状況 for DX推進室: a quarter's figures due by department and measure (due, in, late), its deadline set or moved through
/// the API's own SetFiguresDeadlineEndpoint.Post, who owes the figures and where a reminder reaches them, and the reminders
/// sent. Read through <see cref="SubmissionReads"/>, the API's read, so that the page and the reminders agree.
/// </summary>
public sealed class SubmissionsModel(PlanViews views, PageCommands commands, SubmissionReads submissions, ReminderSender reminders, TimeProvider clock,
    WebReads reads) : OfficeForm(views)
{
    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    public SubmissionsAnswer Answer { get; private set; } = null!;

    public FiscalQuarter Quarter { get; private set; }

    public IReadOnlyList<FiscalQuarter> Quarters { get; private set; } = [];

    public DeadlineInput Input { get; private set; } = new(null, null);

    public async Task<IActionResult> OnGetAsync(string planId, CancellationToken ct)
    {
        if (!await ShowAsync(planId, ct))
            return NotFound();
        Input = new DeadlineInput(Answer.Submissions.Deadline?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), null);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string planId, string submission, long shown, string? due, string? reason, CancellationToken ct)
    {
        if (!await ShowAsync(planId, ct))
            return NotFound();
        Input = new DeadlineInput(due, reason);
        Keep(submission, shown);
        if (Forms.Date(due) is not { } day)
            return Refused([new FormError("due", new DeadlineDateRequired())]);

        var result = await commands.RunAsync(HttpContext, Submission, [new FormDecision<PlanStream>("", SetFiguresDeadlineEndpoint.StreamKey(planId), shown,
            stream => SetFiguresDeadlineEndpoint.Post(new SetFiguresDeadlineRequest(Quarter.Year.Year, Quarter.Number, day,
                string.IsNullOrWhiteSpace(reason) ? null : reason.Trim()), stream, clock))], ct);
        return Done(result, $"{Quarter.Display}の提出期限を{Ja.Date(day)}にしました。", Here(planId));
    }

    /// <summary>The reminders due today for this municipality, now rather than at the job's next run; each is still sent once.</summary>
    public async Task<IActionResult> OnPostRemindAsync(string planId, CancellationToken ct)
    {
        if (!await ShowAsync(planId, ct))
            return NotFound();
        var results = (await reminders.RunAsync(Tenant, ct)).Where(r => r.Reminder.PlanId == planId).ToList();
        int Count(ReminderOutcome o) => results.Count(r => r.Outcome == o);
        Notice = results.Count == 0
            ? "今日送るお知らせはありません（期限前の通知期間・期限後の督促期間に当たる四半期がないか、未提出がないか、宛先がありません）。"
            : $"お知らせメールを {Count(ReminderOutcome.Sent)} 通送信しました（送信済みのため送らなかったもの {Count(ReminderOutcome.AlreadySent)} 通、送信できなかったもの {Count(ReminderOutcome.Failed)} 通）。";
        return Redirect(Here(planId));
    }

    private string Here(string planId) => $"/plans/{Uri.EscapeDataString(planId)}/submissions?q={Forms.Value(Quarter)}";

    private async Task<bool> ShowAsync(string planId, CancellationToken ct)
    {
        ReadTime(reads.Today);
        Shown = await commands.VersionAsync(Tenant, SetFiguresDeadlineEndpoint.StreamKey(planId), ct);
        if (await PlanAsync(planId, ct) is not { } plan)
            return false;
        var last = Submissions.DefaultQuarter(plan, Today);
        Quarters = Forms.Quarters(plan.FromFiscalYear, last);
        Quarter = Forms.Quarter(Q) is { } q && Quarters.Contains(q) ? q : last;
        Answer = (await submissions.GetAsync(Tenant, planId, Quarter, ct))!;
        return true;
    }

    /// <summary>A submission's state in words and a sign, so that it never rests on colour alone.</summary>
    public static string State(KpiSubmission kpi) => kpi.State switch
    {
        SubmissionState.In when kpi.AfterDeadline => "✓ 提出済み（期限後）",
        SubmissionState.In => "✓ 提出済み",
        SubmissionState.Late when kpi.Returned => "！ 期限超過（差し戻し）",
        SubmissionState.Late => "！ 期限超過",
        _ when kpi.Returned => "・ 差し戻し（再提出待ち）",
        _ => "・ 未提出",
    };

    public static string Kind(ReminderKind kind) => kind == ReminderKind.Before ? "期限前のお知らせ" : "期限超過のお知らせ";
}

public sealed record DeadlineDateRequired() : Text("form-deadline-required",
    "提出期限の日付を入力してください。", "Enter the deadline's date.");
