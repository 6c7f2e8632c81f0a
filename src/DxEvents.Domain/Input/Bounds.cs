using System.Globalization;
using System.Text.RegularExpressions;

namespace DxEvents.Domain.Input;

/// <summary>
/// Every range an input is held to, declared here once: the request records' schema attributes (the OpenAPI document and
/// the body check), the domain's Require checks (API, forms and plan import alike) and the query readers use these
/// constants, so what the document promises and what is enforced cannot drift apart. docs/bounds-and-hostile-input.md
/// explains each choice.
/// </summary>
public static partial class Bounds
{
    /// <summary>平成元年度: the oldest baselines municipal plans cite are 平成 years.</summary>
    public const int MinFiscalYear = 1989;

    /// <summary>Plans run five to ten years; FY2100 leaves every plan being written today room to end.</summary>
    public const int MaxFiscalYear = 2100;

    /// <summary>The first and last days of the supported fiscal years, as text for the schema and as dates.</summary>
    public const string FirstDayText = "1989-04-01";
    public const string LastDayText = "2101-03-31";
    public static readonly DateOnly FirstDay = new(MinFiscalYear, 4, 1);
    public static readonly DateOnly LastDay = new(MaxFiscalYear + 1, 3, 31);

    /// <summary>An amount in 千円: at most 100兆円, above Japan's whole national budget. A sum of 90 million such amounts
    /// still fits in 64 bits, so no total a report makes can overflow.</summary>
    public const long MaxAmount = 100_000_000_000;

    /// <summary>A KPI's figure, target or baseline: no municipal indicator comes near 10^15.</summary>
    public const long MaxFigure = 1_000_000_000_000_000;

    /// <summary>Decimal places a figure, target or baseline may have (0.000001 of a unit).</summary>
    public const int FigureDecimals = 6;

    /// <summary>Decimal places a tolerance may have: 0.0001 is a hundredth of a percent.</summary>
    public const int ToleranceDecimals = 4;

    /// <summary>A reason or a note: a paragraph or two, as an auditor reads it beside the change.</summary>
    public const int TextLength = 2_000;

    /// <summary>A title, a name, a unit, a department, a funding source: one line.</summary>
    public const int LineLength = 200;

    /// <summary>An id in a path (plan, measure, KPI, schedule item): the plan document's own id rule.</summary>
    public const int IdLength = 40;

    /// <summary>An Idempotency-Key: a UUID is 36; 200 leaves room for a client's own prefix.</summary>
    public const int IdempotencyKeyLength = 200;

    /// <summary>Free text: any character but the C0 controls other than tab, LF and CR, and DEL (PostgreSQL's jsonb cannot
    /// store NUL; the others are invisible and corrupt CSV and terminals).</summary>
    public const string TextPattern = @"^[^\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]*$";

    /// <summary>One line: no control character at all.</summary>
    public const string LinePattern = @"^[^\u0000-\u001F\u007F]*$";

    public static bool IsFiscalYear(int year) => year is >= MinFiscalYear and <= MaxFiscalYear;

    public static bool IsSupportedDay(DateOnly day) => day >= FirstDay && day <= LastDay;

    /// <summary>Whether an instant falls on a supported day in Japan.</summary>
    public static bool IsSupportedInstant(DateTimeOffset instant) =>
        instant >= new DateTimeOffset(FirstDay.ToDateTime(TimeOnly.MinValue), TimeSpan.FromHours(9))
        && instant <= new DateTimeOffset(LastDay.ToDateTime(TimeOnly.MaxValue), TimeSpan.FromHours(9));

    /// <summary>The first character that free text may not hold, or null. Multi-line text allows tab, LF and CR.</summary>
    public static char? ForbiddenCharacter(string text, bool multiLine)
    {
        ArgumentNullException.ThrowIfNull(text);
        foreach (var c in text)
        {
            if (c == '\u007F' || (c < ' ' && !(multiLine && c is '\t' or '\n' or '\r')))
                return c;
        }
        return null;
    }

    /// <summary>Decimal places that carry a digit (1.50 has one): dividing by 1.000… drops a decimal's trailing zeros.</summary>
    public static int Decimals(decimal value) => (value / 1.000000000000000000000000000000000m).Scale;

    /// <summary>Printable ASCII without spaces, at most <see cref="IdempotencyKeyLength"/> characters.</summary>
    public static bool IsIdempotencyKey(string key) =>
        key is { Length: > 0 and <= IdempotencyKeyLength } && key.All(c => c is >= '!' and <= '~');

    /// <summary>One line of at most <see cref="LineLength"/> characters, no control character (<see cref="LinePattern"/>).</summary>
    public static bool IsLine(string text) => text is { Length: <= LineLength } && ForbiddenCharacter(text, multiLine: false) is null;

    /// <summary>Whether a JSON number's text names a value too small for a decimal, which reads it as zero (5e-324).</summary>
    public static bool Underflows(string raw, decimal parsed)
    {
        ArgumentNullException.ThrowIfNull(raw);
        if (parsed != 0m)
            return false;
        var mantissa = raw.Split('e', 'E')[0];
        return mantissa.Any(c => c is >= '1' and <= '9');
    }

    /// <summary>An id as plan documents write them (plans, pillars, measures, KPIs, schedule items).</summary>
    public static bool IsDocumentId(string value) => DocumentId().IsMatch(value);

    [GeneratedRegex("^[a-z0-9-]{1,40}$")]
    internal static partial Regex DocumentId();

    /// <summary>A character as a message names it: U+0000.</summary>
    public static string Name(char c) => "U+" + ((int)c).ToString("X4", CultureInfo.InvariantCulture);
}
