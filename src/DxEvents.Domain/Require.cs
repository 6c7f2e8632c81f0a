using DxEvents.Domain.Fiscal;
using DxEvents.Domain.Input;
using DxEvents.Domain.Texts;

namespace DxEvents.Domain;

/// <summary>Checks every Decide shares; each throws a RuleBroken naming the request field.</summary>
internal static class Require
{
    public static string Reason(string? reason, string field = "reason") =>
        string.IsNullOrWhiteSpace(reason)
            ? throw DomainException.RuleBroken(field, new ReasonRequired())
            : Text(reason, field)!;

    /// <summary>Free text (a reason, a note): at most <see cref="Bounds.TextLength"/> characters, no control characters
    /// but tab and line breaks. Checked in Decide, so the API, the forms and the import all refuse it before any append.</summary>
    public static string? Text(string? text, string field, int max = Bounds.TextLength, bool multiLine = true)
    {
        if (text is null)
        {
            return null;
        }

        if (text.Length > max)
        {
            throw DomainException.RuleBroken(field, new TextTooLong(text.Length, max));
        }

        return Bounds.ForbiddenCharacter(text, multiLine) is { } c
            ? throw DomainException.RuleBroken(field, new ControlCharacter(Bounds.Name(c)))
            : text;
    }

    /// <summary>A figure, target or baseline: within ±<see cref="Bounds.MaxFigure"/> with at most
    /// <see cref="Bounds.FigureDecimals"/> decimal places.</summary>
    public static decimal Figure(decimal value, string field = "value")
    {
        if (Math.Abs(value) > Bounds.MaxFigure)
        {
            throw DomainException.RuleBroken(field, new NumberOutOfRange(field, -Bounds.MaxFigure, Bounds.MaxFigure));
        }

        return Bounds.Decimals(value) > Bounds.FigureDecimals
            ? throw DomainException.RuleBroken(field, new FigureTooPrecise(field, Bounds.FigureDecimals))
            : value;
    }

    /// <summary>A day within the supported fiscal years.</summary>
    public static DateOnly Day(DateOnly on, string field = "on") =>
        Bounds.IsSupportedDay(on) ? on : throw DomainException.RuleBroken(field, new DateOutOfRange(on));

    public static void NotInFuture(DateOnly on, DateTimeOffset now, string field = "on")
    {
        Day(on, field);
        var today = JapanDate.Of(now);
        if (on > today)
        {
            throw DomainException.RuleBroken(field, new DateInFuture(on, today));
        }
    }

    public static FiscalYear FiscalYear(int year, string field = "fiscalYear") =>
        Bounds.IsFiscalYear(year)
            ? new Fiscal.FiscalYear(year)
            : throw DomainException.RuleBroken(field, new FiscalYearOutOfRange(year));

    public static FiscalQuarter Quarter(int fiscalYear, int quarter)
    {
        var year = FiscalYear(fiscalYear);
        return quarter is >= 1 and <= 4
            ? new FiscalQuarter(year, quarter)
            : throw DomainException.RuleBroken("quarter", new QuarterOutOfRange(quarter));
    }

    /// <summary>An amount in 千円: 0 to <see cref="Bounds.MaxAmount"/>.</summary>
    public static void Amount(long amount, string field)
    {
        if (amount < 0)
        {
            throw DomainException.RuleBroken(field, new AmountNegative(amount));
        }

        if (amount > Bounds.MaxAmount)
        {
            throw DomainException.RuleBroken(field, new AmountTooLarge(amount));
        }
    }
}
