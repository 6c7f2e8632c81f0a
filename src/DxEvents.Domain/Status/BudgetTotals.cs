using DxEvents.Domain.Fiscal;

namespace DxEvents.Domain.Status;

/// <summary>
/// 事業費 totals per fiscal year. Reads are total: an amount is bounded when it is recorded (Bounds.MaxAmount), but events
/// stored before that bound can hold any 64-bit amount, and a sum that overflows must not fail every status read of the
/// municipality for good (events cannot change). Sums are taken in decimal, exact for any count of 64-bit amounts a report
/// holds, and a total past 64 bits is shown as long.MaxValue: visibly absurd, never an error.
/// </summary>
internal static class BudgetTotals
{
    public static List<BudgetYearTotal> Of(MeasureView measure) =>
        [.. measure.Budget.Select(y => new BudgetYearTotal(
            y.FiscalYear, new FiscalYear(y.FiscalYear).Display, y.Planned?.Total ?? 0, y.Current?.Total ?? 0,
            y.InPlan && y.Planned is null ? 1 : 0, y.Current is null ? 1 : 0))];

    public static List<BudgetYearTotal> Sum(IEnumerable<BudgetYearTotal> lines) =>
        [.. lines
            .GroupBy(l => l.FiscalYear)
            .OrderBy(g => g.Key)
            .Select(g => new BudgetYearTotal(
                g.Key, g.First().Display, Total(g.Select(l => l.Planned)), Total(g.Select(l => l.Current)),
                g.Sum(l => l.UndeterminedPlanned), g.Sum(l => l.UndeterminedCurrent)))];

    public static long Total(IEnumerable<long> amounts) => Saturated(amounts.Sum(a => (decimal)a));

    /// <summary>current − planned without overflow.</summary>
    public static long Difference(long current, long planned) => Saturated((decimal)current - planned);

    private static long Saturated(decimal value) => (long)Math.Clamp(value, long.MinValue, long.MaxValue);
}
