namespace DxEvents.Domain.Measures;

internal static class BudgetDecider
{
    public static BudgetRevised Revise(MeasureState state, ReviseBudget command)
    {
        Require.Reason(command.Reason);
        Require.FiscalYear(command.FiscalYear);
        Require.Amount(command.Total, "total");
        Require.Amount(command.GeneralFunds, "generalFunds");
        var funding = command.Funding ?? [];
        foreach (var source in funding)
        {
            Require.Amount(source.Amount, "funding");
            if (string.IsNullOrWhiteSpace(source.Source))
            {
                throw DomainException.RuleBroken("funding", new FundingSourceRequired());
            }

            Require.Text(source.Source, "funding", Input.Bounds.LineLength, multiLine: false);
        }

        // Inconsistent figures (general funds above total) are kept, as at import: see BudgetChecks.
        var previous = state.CurrentBudget.GetValueOrDefault(command.FiscalYear);
        var figures = new BudgetFigures(command.Total, command.GeneralFunds, [.. funding]);
        return new BudgetRevised(state.PlanId, state.MeasureId, command.FiscalYear, figures, previous, command.Reason);
    }
}
