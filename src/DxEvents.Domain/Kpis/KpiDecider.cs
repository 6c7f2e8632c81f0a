using DxEvents.Domain.Fiscal;

namespace DxEvents.Domain.Kpis;

/// <summary>Decide for a KPI: input checks first (a rule broken), then the current state (not found, a conflict).</summary>
public static class KpiDecider
{
    public static IReadOnlyList<IDomainEvent> Decide(KpiState state, KpiCommand command, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(command);
        if (!state.Exists)
        {
            throw DomainException.NotFound("kpiId", new KpiNotFound());
        }

        return command switch
        {
            RecordKpiFigure c => Submitted(state, Record(state, c, now), c.UnderReview),
            CorrectKpiFigure c => Submitted(state, Correct(state, c, now), c.UnderReview),
            ConfirmKpiFigure c => [Confirm(state, c)],
            ReturnKpiFigure c => [Return(state, c)],
            ReviseKpiTarget c => [KpiDefinitionDecider.ReviseTarget(state, c)],
            ReviseKpiBaseline c => [KpiDefinitionDecider.ReviseBaseline(state, c)],
            _ => throw new ArgumentOutOfRangeException(nameof(command), command.GetType().Name, "Not a KPI command."),
        };
    }

    private static KpiMeasured Record(KpiState state, RecordKpiFigure command, DateTimeOffset now)
    {
        var quarter = Figure(state, command.FiscalYear, command.Quarter, command.Value, now);
        if (state.Figures.TryGetValue((command.FiscalYear, command.Quarter), out var existing))
        {
            throw DomainException.Conflict("quarter", new FigureAlreadyRecorded(quarter, existing));
        }

        Require.Text(command.Note, "note");
        return new KpiMeasured(state.PlanId, state.KpiId, state.MeasureId, command.FiscalYear, command.Quarter, command.Value, command.Note);
    }

    private static KpiMeasurementCorrected Correct(KpiState state, CorrectKpiFigure command, DateTimeOffset now)
    {
        Require.Reason(command.Reason);
        var quarter = Figure(state, command.FiscalYear, command.Quarter, command.Value, now);
        if (!state.Figures.TryGetValue((command.FiscalYear, command.Quarter), out var previous))
        {
            throw DomainException.NotFound("quarter", new NoFigureToCorrect(quarter));
        }

        // A correction that changes nothing would put noise in the audit trail; but a returned figure whose value was right
        // is submitted again as it was, with the reason saying what the office asked for.
        if (previous == command.Value && state.ReviewOf(command.FiscalYear, command.Quarter) != FigureReview.Returned)
        {
            throw DomainException.Conflict("value", new CorrectionChangesNothing(quarter, previous));
        }

        return new KpiMeasurementCorrected(
            state.PlanId, state.KpiId, state.MeasureId, command.FiscalYear, command.Quarter, command.Value, previous, command.Reason);
    }

    /// <summary>The figure's event, followed while review is on by the event that holds it for the office.</summary>
    private static IReadOnlyList<IDomainEvent> Submitted(KpiState state, IKpiEvent figure, bool underReview)
    {
        if (!underReview)
        {
            return [figure];
        }

        var (year, quarter, value) = figure switch
        {
            KpiMeasured m => (m.FiscalYear, m.Quarter, m.Value),
            KpiMeasurementCorrected c => (c.FiscalYear, c.Quarter, c.Value),
            _ => throw new ArgumentOutOfRangeException(nameof(figure)),
        };
        return [figure, new KpiFigureSubmittedForReview(state.PlanId, state.KpiId, state.MeasureId, year, quarter, value)];
    }

    private static KpiFigureConfirmed Confirm(KpiState state, ConfirmKpiFigure command)
    {
        var (quarter, value) = Waiting(state, command.FiscalYear, command.Quarter, command.Value, command.Actor);
        return new KpiFigureConfirmed(state.PlanId, state.KpiId, state.MeasureId, quarter.Year.Year, quarter.Number, value);
    }

    private static KpiFigureReturned Return(KpiState state, ReturnKpiFigure command)
    {
        var reason = Require.Reason(command.Reason);
        var (quarter, value) = Waiting(state, command.FiscalYear, command.Quarter, command.Value, command.Actor);
        return new KpiFigureReturned(state.PlanId, state.KpiId, state.MeasureId, quarter.Year.Year, quarter.Number, value, reason);
    }

    /// <summary>The quarter's figure in force, if it waits for review by someone other than who recorded it.</summary>
    private static (FiscalQuarter Quarter, decimal Value) Waiting(KpiState state, int fiscalYear, int quarterNumber, decimal reviewed, string actor)
    {
        var quarter = Require.Quarter(fiscalYear, quarterNumber);
        if (!state.Figures.TryGetValue((fiscalYear, quarterNumber), out var value))
        {
            throw DomainException.NotFound("quarter", new NoFigureToReview(quarter));
        }

        var review = state.Reviews.GetValueOrDefault((fiscalYear, quarterNumber));
        if (review?.Review != FigureReview.Waiting)
        {
            throw DomainException.Conflict("quarter", new FigureNotAwaitingReview(quarter, review?.Review ?? FigureReview.NotReviewed));
        }

        // Four eyes: whoever recorded this version cannot be the one who lets it count.
        if (string.Equals(review.RecordedBy, actor, StringComparison.Ordinal))
        {
            throw DomainException.Forbidden("actor", new OwnFigureReview(quarter));
        }

        if (reviewed != value)
        {
            throw DomainException.Conflict("value", new ReviewedFigureChanged(quarter, reviewed, value));
        }

        return (quarter, value);
    }

    /// <summary>No municipal KPI comes near 10^15; bounding figures keeps every window sum far from decimal's limit.</summary>
    public const decimal MaxFigure = Input.Bounds.MaxFigure;

    private static FiscalQuarter Figure(KpiState state, int fiscalYear, int quarterNumber, decimal value, DateTimeOffset now)
    {
        if (Math.Abs(value) > MaxFigure)
        {
            throw DomainException.RuleBroken("value", new FigureOutOfRange(value));
        }

        Require.Figure(value);

        var quarter = Require.Quarter(fiscalYear, quarterNumber);
        var today = JapanDate.Of(now);
        if (quarter.Start > today)
        {
            throw DomainException.RuleBroken("quarter", new QuarterNotStarted(quarter));
        }

        if (state.Kind == KpiKind.Milestone && value is not (0m or 1m))
        {
            throw DomainException.RuleBroken("value", new MilestoneFigure());
        }

        return quarter;
    }
}
