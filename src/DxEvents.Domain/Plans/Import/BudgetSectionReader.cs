using DxEvents.Domain.Measures;

namespace DxEvents.Domain.Plans.Import;

/// <summary>事業費 per fiscal year: figures as printed, or an undetermined year with its note.</summary>
internal static class BudgetSectionReader
{
    public static List<BudgetPlanned> Read(JsonCursor measure, ImportContext context, string measureId)
    {
        var years = new Dictionary<int, string>();
        var planned = new List<BudgetPlanned>();
        foreach (var line in measure.Objects("budget", required: false) ?? [])
        {
            var fiscalYear = line.FiscalYear("fiscalYear");
            if (fiscalYear is { } year)
            {
                if (!years.TryAdd(year, line.Pointer))
                {
                    context.Log.Error(line.At("fiscalYear"), new DuplicateBudgetYear(year, years[year]));
                }
                else if (context.OutsidePeriod(year) is { } warning)
                {
                    context.Log.Warn(line.At("fiscalYear"), warning);
                }
            }

            var note = line.String("note", required: false);
            var flag = line.Boolean("undetermined");
            if (flag is null && line.Has("undetermined"))
            {
                continue; // already reported; reading figures too would only add noise
            }

            var undetermined = flag ?? false;
            var figures = undetermined ? NoFigures(line) : Figures(line, context);
            if (fiscalYear is not null && (undetermined || figures is not null))
            {
                planned.Add(new BudgetPlanned(context.PlanId, measureId, fiscalYear.Value, figures, undetermined, note));
            }
        }

        return planned;
    }

    private static BudgetFigures? NoFigures(JsonCursor line)
    {
        foreach (var field in new[] { "total", "generalFunds", "funding" }.Where(line.Has))
        {
            line.Log.Error(line.At(field), new AbsentWhenUndetermined());
        }

        return null;
    }

    private static BudgetFigures? Figures(JsonCursor line, ImportContext context)
    {
        var total = line.Amount("total");
        var generalFunds = line.Amount("generalFunds");
        var funding = (line.Objects("funding", required: false) ?? [])
            .Select(source => (Source: source.String("source", required: true), Amount: source.Amount("amount")))
            .ToList();
        if (total is null || generalFunds is null || funding.Any(f => f.Source is null || f.Amount is null))
        {
            return null;
        }

        var figures = new BudgetFigures(total.Value, generalFunds.Value, funding.Select(f => new FundingSource(f.Source!, f.Amount!.Value)).ToList());
        foreach (var (field, warning) in BudgetChecks.Inconsistencies(figures))
        {
            context.Log.Warn(line.At(field), warning);
        }

        return figures;
    }
}
