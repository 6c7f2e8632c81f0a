using DxEvents.Domain.Fiscal;
using DxEvents.Domain.Plans;

namespace DxEvents.Domain.Deadlines;

/// <summary>The rules of a quarter's deadline, decided on the plan's stream: a quarter of the plan's period, a day after the
/// quarter has ended and no later than a year after, a reason whenever it moves, and no event that changes nothing.</summary>
public static class DeadlineDecider
{
    /// <summary>Figures a year late are no longer a quarter's report: the latest deadline is the quarter's end plus a year.</summary>
    public const int MaxDaysAfterQuarter = 365;

    public static FiguresDeadlineSet Set(PlanState state, SetFiguresDeadline command)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(command);
        var quarter = Require.Quarter(command.FiscalYear, command.Quarter);
        if (command.FiscalYear < state.FromFiscalYear || command.FiscalYear > state.ToFiscalYear)
            throw DomainException.RuleBroken("fiscalYear", new QuarterOutsidePlan(quarter, state.FromFiscalYear, state.ToFiscalYear));
        var due = Require.Day(command.Due, "due");
        if (due <= quarter.End)
            throw DomainException.RuleBroken("due", new DeadlineBeforeQuarterEnds(quarter, due));
        var latest = quarter.End.AddDays(MaxDaysAfterQuarter);
        if (due > latest)
            throw DomainException.RuleBroken("due", new DeadlineTooLate(quarter, due, latest));

        var previous = state.Deadlines.TryGetValue(quarter, out var d) ? d : (DateOnly?)null;
        if (previous == due)
            throw DomainException.Conflict("due", new DeadlineUnchanged(quarter, due));
        var reason = previous is null ? Require.Text(command.Reason, "reason") : Require.Reason(command.Reason);
        return new FiguresDeadlineSet(state.PlanId, command.FiscalYear, command.Quarter, due, previous, string.IsNullOrWhiteSpace(reason) ? null : reason);
    }
}
