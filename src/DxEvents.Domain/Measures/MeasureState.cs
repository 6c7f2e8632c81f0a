using System.Collections.Immutable;

namespace DxEvents.Domain.Measures;

public enum MeasureLifecycle
{
    Planned,
    Started,
    Suspended,
    Completed,
    Cancelled,
}

/// <summary>What Decide needs to know about one measure's stream; nothing more.</summary>
public sealed record MeasureState(
    bool Exists,
    string PlanId,
    string MeasureId,
    MeasureLifecycle Lifecycle,
    DateOnly? LastTransitionOn,
    ImmutableDictionary<string, DateOnly?> ScheduleCompletedOn,
    ImmutableDictionary<int, BudgetFigures?> CurrentBudget)
{
    public static MeasureState Initial { get; } = new(
        false, "", "", MeasureLifecycle.Planned, null,
        ImmutableDictionary<string, DateOnly?>.Empty, ImmutableDictionary<int, BudgetFigures?>.Empty);

    public static MeasureState From(IEnumerable<IDomainEvent> events) => events.Aggregate(Initial, Evolve);

    public static MeasureState Evolve(MeasureState state, IDomainEvent domainEvent) => domainEvent switch
    {
        MeasureRegistered e => state with { Exists = true, PlanId = e.PlanId, MeasureId = e.MeasureId },
        MeasureStarted e => state with { Lifecycle = MeasureLifecycle.Started, LastTransitionOn = e.On },
        MeasureSuspended e => state with { Lifecycle = MeasureLifecycle.Suspended, LastTransitionOn = e.On },
        MeasureResumed e => state with { Lifecycle = MeasureLifecycle.Started, LastTransitionOn = e.On },
        MeasureCompleted e => state with { Lifecycle = MeasureLifecycle.Completed, LastTransitionOn = e.On },
        MeasureCancelled e => state with { Lifecycle = MeasureLifecycle.Cancelled, LastTransitionOn = e.On },
        ScheduleItemPlanned e => state with { ScheduleCompletedOn = state.ScheduleCompletedOn.SetItem(e.ItemId, null) },
        ScheduleItemCompleted e => state with { ScheduleCompletedOn = state.ScheduleCompletedOn.SetItem(e.ItemId, e.On) },
        BudgetPlanned e => state with { CurrentBudget = state.CurrentBudget.SetItem(e.FiscalYear, e.Figures) },
        BudgetRevised e => state with { CurrentBudget = state.CurrentBudget.SetItem(e.FiscalYear, e.Figures) },
        _ => state,
    };
}
