using DxEvents.Domain.Measures;

namespace DxEvents.Domain.Status;

internal static class MeasureViewProjection
{
    public static IReadOnlyList<MeasureView> Apply(IReadOnlyList<MeasureView> measures, IMeasureEvent domainEvent, RecordedBy by)
    {
        if (domainEvent is MeasureRegistered r)
        {
            return [.. measures, new MeasureView(r.MeasureId, r.PillarId, r.Title, r.Summary, r.Department, MeasureLifecycle.Planned, null, [], [], [])];
        }

        return PlanViewProjection.Replace(measures, m => m.MeasureId == domainEvent.MeasureId, m => Apply(m, domainEvent, by), $"Measure '{domainEvent.MeasureId}'");
    }

    private static MeasureView Apply(MeasureView measure, IMeasureEvent domainEvent, RecordedBy by) => domainEvent switch
    {
        MeasureStarted e => Lifecycle(measure, MeasureLifecycle.Started, e.On, e.Note, by) with { StartedOn = measure.StartedOn ?? e.On },
        MeasureSuspended e => Lifecycle(measure, MeasureLifecycle.Suspended, e.On, e.Reason, by),
        MeasureResumed e => Lifecycle(measure, MeasureLifecycle.Started, e.On, e.Reason, by),
        MeasureCompleted e => Lifecycle(measure, MeasureLifecycle.Completed, e.On, e.Reason, by),
        MeasureCancelled e => Lifecycle(measure, MeasureLifecycle.Cancelled, e.On, e.Reason, by),
        ScheduleItemPlanned e => measure with
        {
            Schedule = [.. measure.Schedule, new ScheduleItemView(e.ItemId, e.Title, e.FromFiscalYear, e.ToFiscalYear, null, null, null)],
        },
        ScheduleItemCompleted e => measure with
        {
            Schedule = PlanViewProjection.Replace(measure.Schedule, i => i.ItemId == e.ItemId,
                i => i with { CompletedOn = e.On, Note = e.Note, Completed = by }, $"Schedule item '{e.ItemId}'"),
        },
        BudgetPlanned e => measure with
        {
            Budget = Sorted([.. measure.Budget, new BudgetYearView(e.FiscalYear, true, e.Figures, e.Undetermined, e.Note, [], e.Figures)]),
        },
        BudgetRevised e => measure with { Budget = Revise(measure.Budget, e, by) },
        _ => measure,
    };

    private static MeasureView Lifecycle(MeasureView measure, MeasureLifecycle to, DateOnly on, string? text, RecordedBy by) =>
        measure with { Lifecycle = to, LifecycleHistory = [.. measure.LifecycleHistory, new LifecycleChangeView(to, on, text, by)] };

    private static IReadOnlyList<BudgetYearView> Revise(IReadOnlyList<BudgetYearView> budget, BudgetRevised e, RecordedBy by)
    {
        var revision = new BudgetRevisionView(e.Figures, e.Previous, e.Reason, by);
        var year = budget.FirstOrDefault(y => y.FiscalYear == e.FiscalYear)
            ?? new BudgetYearView(e.FiscalYear, false, null, false, null, [], null);
        var revised = year with { Revisions = [.. year.Revisions, revision], Current = e.Figures };
        return Sorted([.. budget.Where(y => y.FiscalYear != e.FiscalYear), revised]);
    }

    private static List<BudgetYearView> Sorted(IEnumerable<BudgetYearView> years) => [.. years.OrderBy(y => y.FiscalYear)];
}
