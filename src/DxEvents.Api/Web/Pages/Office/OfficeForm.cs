using System.Globalization;
using DxEvents.Api.Plans;
using DxEvents.Domain.Fiscal;
using DxEvents.Domain.Status;
using DxEvents.Domain.Texts;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace DxEvents.Api.Web.Pages.Office;

/// <summary>
/// What the office's (事務局) revision forms share besides <see cref="FormPage"/>: the version the form was shown at, and
/// Post-Redirect-Get with the notice and the answer's warnings carried over
/// the redirect (TempData: the warnings are the answer's, not something the next page could work out again).
/// </summary>
public abstract class OfficeForm(PlanViews views) : FormPage(views)
{

    /// <summary>The stream's version as the form was shown (PageCommands.VersionAsync), sent back with it.</summary>
    public long Shown { get; protected set; }

    [TempData]
    public string? Notice { get; set; }

    /// <summary>The answer's warnings as stored ("pointer: 日本語").</summary>
    [TempData]
    public string[]? Warnings { get; set; }

    private long _latest;

    /// <summary>A submitted form keeps its key and the version it was shown at; the stream's version now is kept aside for
    /// a form refused as stale, which comes back at the version its page now shows.</summary>
    protected void Keep(string? submission, long shown)
    {
        (_latest, Submission, Shown) = (Shown, submission ?? "", shown);
    }

    /// <summary>After a submission: back to the form (GET) with what came of it, or the form again with its errors.</summary>
    protected IActionResult Done(FormResult result, string notice, string to)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (!result.Succeeded)
        {
            if (result.Errors.Any(e => e.Error is ChangedSinceShown))
                Shown = _latest;
            return Refused(result.Errors);
        }
        Notice = result.Kind == FormResult.Outcome.AlreadyRecorded ? new AlreadySubmitted().Ja : notice;
        Warnings = [.. result.Warnings];
        return Redirect(to);
    }

    /// <summary>A whole amount in 千円 as typed; an error beside <paramref name="field"/> when it is none.</summary>
    protected static long? Amount(string? typed, string field, List<FormError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (string.IsNullOrWhiteSpace(typed))
            errors.Add(new FormError(field, new AmountRequired()));
        else if (Forms.Number(typed) is not { } value)
            errors.Add(new FormError(field, new NotANumber()));
        else if (value != decimal.Truncate(value) || value is < long.MinValue or > long.MaxValue)
            errors.Add(new FormError(field, new NotAWholeAmount()));
        else
            return (long)value;
        return null;
    }

    public static string Plain(decimal? value) => value?.ToString("0.##########", CultureInfo.InvariantCulture) ?? "";

    /// <summary>A warning as stored, split into its JSON pointer and its Japanese.</summary>
    public static (string Pointer, string Text) Split(string stored)
    {
        ArgumentNullException.ThrowIfNull(stored);
        var at = stored.IndexOf(": ", StringComparison.Ordinal);
        return at < 0 ? ("", stored) : (stored[..at], stored[(at + 2)..]);
    }

    /// <summary>The fiscal years a form offers: the plan period with a margin, and any year already named.</summary>
    public static IReadOnlyList<FiscalYear> YearsAround(PlanView plan, params int?[] named)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var years = Enumerable.Range(plan.FromFiscalYear - 1, plan.ToFiscalYear - plan.FromFiscalYear + 4).Concat(named.OfType<int>());
        return [.. years.Where(FiscalYear.IsValid).Distinct().Order().Select(y => new FiscalYear(y))];
    }
}

/// <summary>A text field of an office form: its label, what was typed, its error beside it.</summary>
public sealed record TextField(string Name, string Label, string? Value, FormError? Error, string? Unit = null, string? Help = null, string InputMode = "decimal");

/// <summary>The reason every revision asks for (the domain's rule refuses a blank one, and says so beside the field).</summary>
public sealed record ReasonField(string? Value, FormError? Error);

/// <summary>A link only the office sees; the page it leads to refuses anyone else all the same.</summary>
public sealed record OfficeLink(string Href, string Text, bool Block = false);

public sealed record AlreadySubmitted() : Text("form-already-submitted",
    "この送信は既に記録されています（二重送信のため、もう一度は記録していません）。",
    "This submission was already recorded (sent twice; recorded once).");

public sealed record AmountRequired() : Text("form-amount-required",
    "金額を千円単位で入力してください（例：3388）。", "Enter the amount in thousands of yen (e.g. 3388).");

public sealed record NotAWholeAmount() : Text("form-not-a-whole-amount",
    "金額は千円単位の整数で入力してください（小数は使えません）。", "Enter a whole number of thousands of yen.");

public sealed record FundingAmountRequired() : Text("form-funding-amount-required",
    "財源名を入れた行には金額も入力してください。", "A funding line with a source needs its amount.");

public sealed record PercentRequired() : Text("form-percent-required",
    "割合を % で入力してください（例：10）。", "Enter a percentage (e.g. 10).");

public sealed record NoDocument() : Text("form-no-document",
    "取り込む計画の JSON ファイルを選んでください。", "Choose the plan's JSON file to import.");
