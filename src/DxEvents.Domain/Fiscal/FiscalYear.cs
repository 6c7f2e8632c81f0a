namespace DxEvents.Domain.Fiscal;

/// <summary>年度: a Japanese fiscal year, April to March, named by the calendar year it starts in.</summary>
public readonly record struct FiscalYear : IComparable<FiscalYear>
{
    // 昭和 starts the range: the seeds reach back to 平成 baselines, and nothing older is plausible.
    public const int MinYear = 1926;
    public const int MaxYear = 9998;

    public FiscalYear(int year)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(year, MinYear);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(year, MaxYear);
        Year = year;
    }

    public int Year { get; }

    public DateOnly Start => new(Year, 4, 1);

    public DateOnly End => new(Year + 1, 3, 31);

    public FiscalYear Previous => new(Year - 1);

    public FiscalYear Next => new(Year + 1);

    public static bool IsValid(int year) => year is >= MinYear and <= MaxYear;

    public static FiscalYear Of(DateOnly date) => new(date.Month >= 4 ? date.Year : date.Year - 1);

    public bool Contains(DateOnly date) => date >= Start && date <= End;

    /// <summary>和暦: 令和N年度 = FY(2018+N). The fiscal year that starts in an era's first calendar
    /// year takes that era's name (FY2019 = 令和元年度, FY1989 = 平成元年度), as municipalities print it.</summary>
    public string Wareki => Year switch
    {
        >= 2019 => $"令和{EraYear(Year - 2018)}年度",
        >= 1989 => $"平成{EraYear(Year - 1988)}年度",
        _ => $"昭和{EraYear(Year - 1925)}年度",
    };

    /// <summary>Both calendars, because staff read 和暦 and the data speaks 西暦.</summary>
    public string Display => $"FY{Year}（{Wareki}）";

    public int CompareTo(FiscalYear other) => Year.CompareTo(other.Year);

    public static bool operator <(FiscalYear left, FiscalYear right) => left.Year < right.Year;

    public static bool operator >(FiscalYear left, FiscalYear right) => left.Year > right.Year;

    public static bool operator <=(FiscalYear left, FiscalYear right) => left.Year <= right.Year;

    public static bool operator >=(FiscalYear left, FiscalYear right) => left.Year >= right.Year;

    public override string ToString() => Display;

    private static string EraYear(int n) => n == 1 ? "元" : n.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
