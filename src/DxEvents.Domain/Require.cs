using DxEvents.Domain.Fiscal;
using DxEvents.Domain.Texts;

namespace DxEvents.Domain;

/// <summary>Checks every Decide shares; each throws a RuleBroken naming the request field.</summary>
internal static class Require
{
    public static string Reason(string? reason, string field = "reason") =>
        string.IsNullOrWhiteSpace(reason)
            ? throw DomainException.RuleBroken(field, new ReasonRequired())
            : reason;

    public static void NotInFuture(DateOnly on, DateTimeOffset now, string field = "on")
    {
        var today = JapanDate.Of(now);
        if (on > today)
        {
            throw DomainException.RuleBroken(field, new DateInFuture(on, today));
        }
    }

    public static FiscalYear FiscalYear(int year, string field = "fiscalYear") =>
        Fiscal.FiscalYear.IsValid(year)
            ? new Fiscal.FiscalYear(year)
            : throw DomainException.RuleBroken(field, new FiscalYearOutOfRange(year));

    public static FiscalQuarter Quarter(int fiscalYear, int quarter)
    {
        var year = FiscalYear(fiscalYear);
        return quarter is >= 1 and <= 4
            ? new FiscalQuarter(year, quarter)
            : throw DomainException.RuleBroken("quarter", new QuarterOutOfRange(quarter));
    }

    public static void NotNegative(long amount, string field)
    {
        if (amount < 0)
        {
            throw DomainException.RuleBroken(field, new AmountNegative(amount));
        }
    }
}
