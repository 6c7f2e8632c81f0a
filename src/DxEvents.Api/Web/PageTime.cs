using System.Globalization;
using DxEvents.Domain.Fiscal;

namespace DxEvents.Api.Web;

/// <summary>
/// The two times of a status page, as the API has them: AsOf — what was known then (null: now) — and the reporting
/// date — which quarters count (null: the date of AsOf in Japan, or today). The page's date picker sends a date and an
/// optional time, both read in Japan time; a date alone means the end of that day, as in the API. asOf may also be an
/// ISO 8601 instant (the links a printed report carries).
/// </summary>
public sealed record PageTime(DateTimeOffset? AsOf, DateOnly? ReportingDate, string? Error = null)
{
    public static readonly TimeSpan Japan = TimeSpan.FromHours(9);

    public static PageTime Now { get; } = new(null, null);

    public DateOnly ReportingDateOr(DateTimeOffset now) => ReportingDate ?? JapanDate.Of(AsOf ?? now);

    public static PageTime Parse(string? asOf, string? time, string? reportingDate)
    {
        DateTimeOffset? at = null;
        DateOnly? date = null;
        if (!string.IsNullOrWhiteSpace(asOf))
        {
            if (Date(asOf) is { } day)
            {
                if (string.IsNullOrWhiteSpace(time))
                    at = new DateTimeOffset(day.ToDateTime(new TimeOnly(23, 59, 59, 999, 999)), Japan);
                else if (TimeOnly.TryParseExact(time, ["HH:mm", "HH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var clock))
                    at = new DateTimeOffset(day.ToDateTime(clock), Japan);
                else
                    return new(null, null, "時刻は 時:分 または 時:分:秒 で入力してください（例 14:30）。");
            }
            else if (asOf.Contains('T', StringComparison.Ordinal)
                && DateTimeOffset.TryParse(asOf, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var instant))
                at = instant;
            else
                return new(null, null, "時点の日付は 年-月-日 で入力してください（例 2025-10-15）。");
        }
        if (!string.IsNullOrWhiteSpace(reportingDate))
        {
            date = Date(reportingDate);
            if (date is null)
                return new(at, null, "判定基準日は 年-月-日 で入力してください（例 2025-10-15）。");
        }
        return new(at, date);
    }

    /// <summary>The query string that carries these times to another page ("" when now).</summary>
    public string Query(string separator = "?")
    {
        var parts = new List<string>();
        if (AsOf is { } at)
            parts.Add("asOf=" + Uri.EscapeDataString(at.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture)));
        if (ReportingDate is { } d)
            parts.Add("reportingDate=" + d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        return parts.Count == 0 ? "" : separator + string.Join("&", parts);
    }

    /// <summary>The picker's values: the as-of date and time in Japan.</summary>
    public string DateValue => AsOf is { } at ? at.ToOffset(Japan).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : "";

    public string TimeValue => AsOf is { } at && at.ToOffset(Japan).TimeOfDay < new TimeSpan(0, 23, 59, 59, 999)
        ? at.ToOffset(Japan).ToString("HH:mm:ss", CultureInfo.InvariantCulture) : "";

    public string ReportingDateValue => ReportingDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "";

    /// <summary>What a picker sends (2025-10-15), and what a person types (2025/10/15, 2025-1-5).</summary>
    private static DateOnly? Date(string text) =>
        DateOnly.TryParseExact(text.Trim(), ["yyyy-MM-dd", "yyyy-M-d", "yyyy/M/d"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;
}
