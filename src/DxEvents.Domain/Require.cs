using DxEvents.Domain.Fiscal;

namespace DxEvents.Domain;

/// <summary>Checks every Decide shares; each throws a RuleBroken naming the request field.</summary>
internal static class Require
{
    public static string Reason(string? reason, string field = "reason") =>
        string.IsNullOrWhiteSpace(reason)
            ? throw DomainException.RuleBroken(field, "A reason is required: auditors read it in the history.")
            : reason;

    public static void NotInFuture(DateOnly on, DateTimeOffset now, string field = "on")
    {
        var today = JapanDate.Of(now);
        if (on > today)
        {
            throw DomainException.RuleBroken(field, $"{on:yyyy-MM-dd} is in the future (today is {today:yyyy-MM-dd} in Japan).");
        }
    }

    public static FiscalYear FiscalYear(int year, string field = "fiscalYear") =>
        Fiscal.FiscalYear.IsValid(year)
            ? new Fiscal.FiscalYear(year)
            : throw DomainException.RuleBroken(field, $"{year} is not a fiscal year between {Fiscal.FiscalYear.MinYear} and {Fiscal.FiscalYear.MaxYear}.");

    public static FiscalQuarter Quarter(int fiscalYear, int quarter)
    {
        var year = FiscalYear(fiscalYear);
        return quarter is >= 1 and <= 4
            ? new FiscalQuarter(year, quarter)
            : throw DomainException.RuleBroken("quarter", $"Quarter must be 1 to 4 (Q1 Apr–Jun … Q4 Jan–Mar), not {quarter}.");
    }

    public static void NotNegative(long amount, string field)
    {
        if (amount < 0)
        {
            throw DomainException.RuleBroken(field, $"Amounts cannot be negative ({amount}).");
        }
    }
}
