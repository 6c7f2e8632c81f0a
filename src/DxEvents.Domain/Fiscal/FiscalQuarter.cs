namespace DxEvents.Domain.Fiscal;

/// <summary>四半期: Q1 Apr–Jun, Q2 Jul–Sep, Q3 Oct–Dec, Q4 Jan–Mar (of the next calendar year).</summary>
public readonly record struct FiscalQuarter : IComparable<FiscalQuarter>
{
    public FiscalQuarter(FiscalYear year, int number)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(number, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(number, 4);
        Year = year;
        Number = number;
    }

    public FiscalQuarter(int fiscalYear, int number)
        : this(new FiscalYear(fiscalYear), number)
    {
    }

    public FiscalYear Year { get; }

    public int Number { get; }

    public DateOnly Start => Year.Start.AddMonths(3 * (Number - 1));

    public DateOnly End => Start.AddMonths(3).AddDays(-1);

    public FiscalQuarter Previous => Number == 1 ? new(Year.Previous, 4) : new(Year, Number - 1);

    public FiscalQuarter Next => Number == 4 ? new(Year.Next, 1) : new(Year, Number + 1);

    /// <summary>A running count of quarters, so that distances and ordering are plain integer arithmetic.</summary>
    public int Ordinal => (Year.Year * 4) + Number - 1;

    public static FiscalQuarter Of(DateOnly date)
    {
        var monthsIntoYear = (date.Month + 12 - 4) % 12;
        return new(FiscalYear.Of(date), (monthsIntoYear / 3) + 1);
    }

    /// <summary>The most recent quarter whose last day is on or before <paramref name="date"/>:
    /// the last quarter that figures can be complete for.</summary>
    public static FiscalQuarter LastClosedBefore(DateOnly date)
    {
        var current = Of(date);
        return current.End <= date ? current : current.Previous;
    }

    public string Wareki => $"{Year.Wareki}第{Number}四半期";

    public string Display => $"FY{Year.Year} Q{Number}（{Wareki}）";

    public int CompareTo(FiscalQuarter other) => Ordinal.CompareTo(other.Ordinal);

    public static bool operator <(FiscalQuarter left, FiscalQuarter right) => left.Ordinal < right.Ordinal;

    public static bool operator >(FiscalQuarter left, FiscalQuarter right) => left.Ordinal > right.Ordinal;

    public static bool operator <=(FiscalQuarter left, FiscalQuarter right) => left.Ordinal <= right.Ordinal;

    public static bool operator >=(FiscalQuarter left, FiscalQuarter right) => left.Ordinal >= right.Ordinal;

    public override string ToString() => Display;
}
