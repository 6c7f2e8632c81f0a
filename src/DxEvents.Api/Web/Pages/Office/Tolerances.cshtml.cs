using DxEvents.Api.EventStore;
using DxEvents.Api.Plans;
using DxEvents.Api.Projections;
using DxEvents.Domain.Plans;
using DxEvents.Domain.Texts;
using Microsoft.AspNetCore.Mvc;

namespace DxEvents.Api.Web.Pages.Office;

/// <summary>What the tolerance form holds, as typed (percentages).</summary>
public sealed record TolerancesInput(string? OnTrack, string? AtRisk, string? Reason);

/// <summary>
/// 判定基準（許容幅）の改訂: how far a KPI's progress may trail the expected path and still be 順調 or 要注意, entered as
/// percentages (10 → 0.1), decided by the API's own ReviseTolerancesEndpoint.Post on the plan's stream.
/// </summary>
public sealed class TolerancesModel(PlanViews views, PageCommands commands, TimeProvider clock, WebReads reads) : OfficeForm(views)
{
    public TolerancesInput Input { get; private set; } = new(null, null, null);

    public async Task<IActionResult> OnGetAsync(string planId, CancellationToken ct)
    {
        if (!await ShowAsync(planId, ct))
            return NotFound();
        Input = new TolerancesInput(Plain(Plan!.Tolerances.OnTrack * 100), Plain(Plan.Tolerances.AtRisk * 100), null);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string planId, string submission, long shown, string? onTrack, string? atRisk, string? reason, CancellationToken ct)
    {
        if (!await ShowAsync(planId, ct))
            return NotFound();
        Input = new TolerancesInput(onTrack, atRisk, reason);
        Keep(submission, shown);

        var errors = new List<FormError>();
        var (onTrackShare, atRiskShare) = (Share(onTrack, "onTrack", errors), Share(atRisk, "atRisk", errors));
        if (errors.Count > 0)
            return Refused(errors);

        var result = await commands.RunAsync(HttpContext, Submission, [new FormDecision<PlanStream>("", ReviseTolerancesEndpoint.StreamKey(planId), shown,
            stream => ReviseTolerancesEndpoint.Post(new ReviseTolerancesRequest(onTrackShare!.Value, atRiskShare!.Value, reason?.Trim()), stream, clock))], ct);
        result = result with { Errors = [.. result.Errors.Select(InPercent)] };
        return Done(result, "判定基準を改訂しました。これからの状態の判定に使われます。", $"/plans/{Uri.EscapeDataString(planId)}/tolerances");
    }

    /// <summary>The rule's own words speak of shares (0 to 1); the form asks for percentages.</summary>
    private static FormError InPercent(FormError error) => error.Error switch
    {
        OnTrackOutOfRange => error with { Error = new OnTrackPercentOutOfRange() },
        AtRiskOutOfRange => error with { Error = new AtRiskPercentOutOfRange() },
        _ => error,
    };

    /// <summary>A percentage as typed, as the share the rule takes (10 → 0.1).</summary>
    private static decimal? Share(string? typed, string field, List<FormError> errors)
    {
        if (string.IsNullOrWhiteSpace(typed))
            errors.Add(new FormError(field, new PercentRequired()));
        else if (Forms.Number(typed.Replace("%", "", StringComparison.Ordinal).Replace("％", "", StringComparison.Ordinal)) is { } percent)
            return percent / 100;
        else
            errors.Add(new FormError(field, new NotANumber()));
        return null;
    }

    private async Task<bool> ShowAsync(string planId, CancellationToken ct)
    {
        ReadTime(reads.Today);
        Shown = await commands.VersionAsync(Tenant, ReviseTolerancesEndpoint.StreamKey(planId), ct);
        return await PlanAsync(planId, ct) is not null;
    }
}

public sealed record OnTrackPercentOutOfRange() : Text("on-track-out-of-range",
    "順調とする遅れの幅は 0 以上 100 以下（%）にしてください。", "The on-track tolerance must lie between 0 and 100 %.");

public sealed record AtRiskPercentOutOfRange() : Text("at-risk-out-of-range",
    "要注意とする遅れの幅は、順調とする幅以上 100 以下（%）にしてください。", "The at-risk tolerance must lie between the on-track tolerance and 100 %.");
