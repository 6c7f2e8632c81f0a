using DxEvents.Api.EventStore;
using System.Globalization;
using DxEvents.Api.Budgets;
using DxEvents.Api.Plans;
using DxEvents.Api.Projections;
using DxEvents.Domain.Fiscal;
using DxEvents.Domain.Status;
using Microsoft.AspNetCore.Mvc;

namespace DxEvents.Api.Web.Pages.Office;

/// <summary>What the budget form holds: as typed, so that a refused form comes back as it was sent.</summary>
public sealed record BudgetInput(string? Total, string? GeneralFunds, IReadOnlyList<(string? Source, string? Amount)> Funding, string? Reason);

/// <summary>
/// 事業費の改訂: one measure's fiscal year — the plan's figure, the figures in force and every earlier revision (who, when,
/// why) — and the form that revises it, decided by the API's own ReviseBudgetEndpoint.Post on the measure's stream.
/// </summary>
public sealed class BudgetModel(PlanViews views, PageCommands commands, TimeProvider clock, WebReads reads) : OfficeForm(views)
{
    /// <summary>Funding lines the form offers beyond those in force.</summary>
    private const int BlankLines = 2;

    public MeasureView? Measure { get; private set; }
    public BudgetYearView? Year { get; private set; }
    public FiscalYear FiscalYear { get; private set; }
    public IReadOnlyList<FiscalYear> Years { get; private set; } = [];
    public BudgetInput Input { get; private set; } = new(null, null, [], null);

    [BindProperty(SupportsGet = true)]
    public int? Fy { get; set; }

    public async Task<IActionResult> OnGetAsync(string planId, string measureId, CancellationToken ct)
    {
        if (!await ShowAsync(planId, measureId, ct))
            return NotFound();
        var current = Year?.Current;
        Input = new BudgetInput(Plain(current?.Total), Plain(current?.GeneralFunds),
            [.. (current?.Funding ?? []).Select(f => ((string?)f.Source, (string?)Plain(f.Amount)))], null);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string planId, string measureId, string submission, long shown, string? total, string? generalFunds,
        string[]? source, string[]? amount, string? reason, CancellationToken ct)
    {
        if (!await ShowAsync(planId, measureId, ct))
            return NotFound();
        var lines = Enumerable.Range(0, Math.Max(source?.Length ?? 0, amount?.Length ?? 0))
            .Select(i => (Source: source?.ElementAtOrDefault(i)?.Trim(), Amount: amount?.ElementAtOrDefault(i)))
            .Where(l => !string.IsNullOrWhiteSpace(l.Source) || !string.IsNullOrWhiteSpace(l.Amount)).ToList();
        Input = new BudgetInput(total, generalFunds, [.. lines.Select(l => (l.Source, l.Amount))], reason);
        Keep(submission, shown);

        var errors = new List<FormError>();
        var (newTotal, newGeneralFunds) = (Amount(total, "total", errors), Amount(generalFunds, "generalFunds", errors));
        var funding = new List<FundingLine>();
        foreach (var (lineSource, lineAmount) in lines)
        {
            if (string.IsNullOrWhiteSpace(lineAmount))
                errors.Add(new FormError("funding", new FundingAmountRequired()));
            else if (Amount(lineAmount, "funding", errors) is { } value)
                funding.Add(new FundingLine(lineSource ?? "", value));
        }
        if (errors.Count > 0)
            return Refused(errors);

        var result = await commands.RunAsync(HttpContext, Submission, [new FormDecision<MeasureStream>("", ReviseBudgetEndpoint.StreamKey(planId, measureId), shown,
            stream => ReviseBudgetEndpoint.Post(new ReviseBudgetRequest(newTotal!.Value, newGeneralFunds!.Value, funding, reason?.Trim()),
                FiscalYear.Year.ToString(CultureInfo.InvariantCulture), stream, clock))], ct);
        return Done(result, $"{FiscalYear.Display}の事業費を改訂しました。現在の額は下のとおりです。",
            $"/plans/{Uri.EscapeDataString(planId)}/measures/{Uri.EscapeDataString(measureId)}/budget?fy={FiscalYear.Year}");
    }

    /// <summary>The funding lines the form shows: those in force or typed, and a few blank ones.</summary>
    public IReadOnlyList<(string? Source, string? Amount)> FundingLines() =>
        [.. Input.Funding, .. Enumerable.Repeat<(string?, string?)>((null, null), BlankLines + Math.Max(0, 1 - Input.Funding.Count))];

    private async Task<bool> ShowAsync(string planId, string measureId, CancellationToken ct)
    {
        ReadTime(reads.Today);
        // The version first: a change made between the two reads then refuses the form rather than slipping under it.
        Shown = await commands.VersionAsync(Tenant, ReviseBudgetEndpoint.StreamKey(planId, measureId), ct);
        if (await PlanAsync(planId, ct) is not { } plan || plan.Measures.FirstOrDefault(m => m.MeasureId == measureId) is not { } measure)
            return false;
        Measure = measure;
        Years = YearsAround(plan, [.. measure.Budget.Select(b => (int?)b.FiscalYear), Fy]);
        FiscalYear = Fy is { } fy && FiscalYear.IsValid(fy) ? new FiscalYear(fy)
            : Years.FirstOrDefault(y => y.Contains(Today), new FiscalYear(plan.ToFiscalYear));
        Year = measure.Budget.FirstOrDefault(b => b.FiscalYear == FiscalYear.Year);
        return true;
    }
}
