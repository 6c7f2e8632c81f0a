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
            RecordKpiFigure c => [Record(state, c, now)],
            CorrectKpiFigure c => [Correct(state, c, now)],
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

        // A correction that changes nothing would put noise in the audit trail.
        if (previous == command.Value)
        {
            throw DomainException.Conflict("value", new CorrectionChangesNothing(quarter, previous));
        }

        return new KpiMeasurementCorrected(
            state.PlanId, state.KpiId, state.MeasureId, command.FiscalYear, command.Quarter, command.Value, previous, command.Reason);
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
