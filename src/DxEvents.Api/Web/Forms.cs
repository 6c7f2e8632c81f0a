using System.Globalization;
using System.Text;
using DxEvents.Domain.Fiscal;
using DxEvents.Domain.Texts;

namespace DxEvents.Api.Web;

/// <summary>What the forms read from what people type: numbers with 全角 digits and thousands separators, dates as the
/// date input sends them, quarters as "2025-2".</summary>
public static class Forms
{
    /// <summary>A figure as typed: 全角 digits, signs and point folded (NFKC), thousands separators dropped. Null when it is no number.</summary>
    public static decimal? Number(string? typed)
    {
        if (string.IsNullOrWhiteSpace(typed))
            return null;
        var text = typed.Normalize(NormalizationForm.FormKC).Replace(",", "", StringComparison.Ordinal).Replace("、", "", StringComparison.Ordinal).Trim();
        return decimal.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value)
            ? value : null;
    }

    public static DateOnly? Date(string? typed) =>
        DateOnly.TryParseExact(typed?.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date : null;

    public static FiscalQuarter? Quarter(string? typed)
    {
        var parts = (typed ?? "").Split('-');
        return parts.Length == 2 && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var year) && FiscalYear.IsValid(year)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number is >= 1 and <= 4
            ? new FiscalQuarter(year, number) : null;
    }

    public static string Value(FiscalQuarter quarter) => $"{quarter.Year.Year}-{quarter.Number}";

    /// <summary>The quarters a plan takes figures for up to the last closed one, newest first.</summary>
    public static IReadOnlyList<FiscalQuarter> Quarters(int fromFiscalYear, FiscalQuarter lastClosed)
    {
        var quarters = new List<FiscalQuarter>();
        for (var q = lastClosed; q.Year.Year >= fromFiscalYear; q = q.Previous)
            quarters.Add(q);
        return quarters;
    }
}

public sealed record NotANumber() : Text("form-not-a-number",
    "数値で入力してください（例：1234、1,234.5）。", "Enter a number (e.g. 1234, 1,234.5).");

public sealed record NotADate() : Text("form-not-a-date",
    "日付を入力してください。", "Enter a date.");

public sealed record NothingEntered() : Text("form-nothing-entered",
    "入力された実績値がありません。記録する数値目標の欄に数値を入力してください。", "No figure was entered. Enter a figure for the KPIs to record.");

public sealed record NoSuchQuarter() : Text("form-no-such-quarter",
    "四半期を選んでください。", "Choose a quarter.");

public sealed record ValueRequired() : Text("form-value-required",
    "値を入力してください。", "Enter a value.");

/// <summary>The domain's "already recorded" said for the entry form, whose row links to the correction form.</summary>
public sealed record QuarterHasFigure(FiscalQuarter Quarter, decimal Existing) : Text("figure-already-recorded",
    $"{Quarter.Display}の実績値は、このページを開いた後に {DxEvents.Domain.Reports.Labels.Number(Existing, true)} が記録されました。変更するときは「この値を訂正する」から理由を添えて訂正してください。",
    $"{Quarter.Display} got the figure {Existing.ToString(CultureInfo.InvariantCulture)} after this page was opened. To change it, correct it with a reason.");
