namespace DxEvents.Domain.Measures;

/// <summary>Decide for a measure: input checks first (a rule broken), then the current state (not found, a conflict).</summary>
public static class MeasureDecider
{
    public static IReadOnlyList<IDomainEvent> Decide(MeasureState state, MeasureCommand command, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(command);
        if (!state.Exists)
        {
            throw DomainException.NotFound("measureId", new MeasureNotFound());
        }

        return command switch
        {
            StartMeasure c => [Start(state, c, now)],
            SuspendMeasure c => [Transition(state, c.On, c.Reason, now, MeasureLifecycle.Suspended)],
            ResumeMeasure c => [Transition(state, c.On, c.Reason, now, MeasureLifecycle.Started)],
            CompleteMeasure c => [Transition(state, c.On, c.Reason, now, MeasureLifecycle.Completed)],
            CancelMeasure c => [Transition(state, c.On, c.Reason, now, MeasureLifecycle.Cancelled)],
            CompleteScheduleItem c => [ScheduleDecider.Complete(state, c, now)],
            ReviseBudget c => [BudgetDecider.Revise(state, c)],
            _ => throw new ArgumentOutOfRangeException(nameof(command), command.GetType().Name, "Not a measure command."),
        };
    }

    private static MeasureStarted Start(MeasureState state, StartMeasure command, DateTimeOffset now)
    {
        Require.NotInFuture(command.On, now);
        Require.Text(command.Note, "note");
        if (state.Lifecycle != MeasureLifecycle.Planned)
        {
            throw DomainException.Conflict("measureId", new MeasureAlreadyStarted(state.Lifecycle));
        }

        return new MeasureStarted(state.PlanId, state.MeasureId, command.On, command.Note);
    }

    private static IDomainEvent Transition(MeasureState state, DateOnly on, string reason, DateTimeOffset now, MeasureLifecycle to)
    {
        Require.Reason(reason);
        Require.NotInFuture(on, now);
        if (!Allowed(state.Lifecycle, to))
        {
            throw DomainException.Conflict("measureId", new LifecycleChangeNotAllowed(state.Lifecycle, to));
        }

        // Dates must follow the lifecycle, or the history would say a measure resumed before it was suspended.
        if (on < state.LastTransitionOn)
        {
            throw DomainException.Conflict("on", new DateBeforeLastChange(on, state.LastTransitionOn!.Value));
        }

        return (state.Lifecycle, to) switch
        {
            (_, MeasureLifecycle.Suspended) => new MeasureSuspended(state.PlanId, state.MeasureId, on, reason),
            (MeasureLifecycle.Suspended, MeasureLifecycle.Started) => new MeasureResumed(state.PlanId, state.MeasureId, on, reason),
            (_, MeasureLifecycle.Completed) => new MeasureCompleted(state.PlanId, state.MeasureId, on, reason),
            _ => new MeasureCancelled(state.PlanId, state.MeasureId, on, reason),
        };
    }

    // planned → started → (suspended ↔ started) → completed; cancelled from any unfinished state.
    private static bool Allowed(MeasureLifecycle from, MeasureLifecycle to) => (from, to) switch
    {
        (MeasureLifecycle.Started, MeasureLifecycle.Suspended) => true,
        (MeasureLifecycle.Suspended, MeasureLifecycle.Started) => true,
        (MeasureLifecycle.Started, MeasureLifecycle.Completed) => true,
        (MeasureLifecycle.Planned or MeasureLifecycle.Started or MeasureLifecycle.Suspended, MeasureLifecycle.Cancelled) => true,
        _ => false,
    };
}
