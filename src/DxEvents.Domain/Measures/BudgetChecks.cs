using DxEvents.Domain.Texts;

namespace DxEvents.Domain.Measures;

/// <summary>Inconsistencies that are kept as printed and reported, never fixed or refused: the Mima plan
/// prints 事業費 3,388 with 一般財源 3,398 for FY2023, and the record must show what was published.</summary>
public static class BudgetChecks
{
    /// <summary>Each finding with the figure it concerns: "generalFunds" or "funding".</summary>
    public static IReadOnlyList<(string Field, Text Warning)> Inconsistencies(BudgetFigures figures)
    {
        ArgumentNullException.ThrowIfNull(figures);
        var findings = new List<(string, Text)>();
        if (figures.GeneralFunds > figures.Total)
        {
            findings.Add(("generalFunds", new GeneralFundsAboveTotal(figures.GeneralFunds, figures.Total)));
        }

        // Summed as decimal: this runs on a request's figures before Decide holds each amount to its bound, and a sum past
        // 64 bits must be a refusal of that amount, not an overflow.
        var funded = figures.Funding.Sum(f => (decimal)f.Amount);
        if (funded > figures.Total)
        {
            findings.Add(("funding", new FundingAboveTotal((long)Math.Min(funded, long.MaxValue), figures.Total)));
        }

        return findings;
    }
}
