using DxEvents.Domain.Fiscal;

namespace DxEvents.Domain.Status;

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
                g.Key, g.First().Display, g.Sum(l => l.Planned), g.Sum(l => l.Current),
                g.Sum(l => l.UndeterminedPlanned), g.Sum(l => l.UndeterminedCurrent)))];
}
