namespace DxEvents.Domain.Measures;

internal static class ScheduleDecider
{
    public static ScheduleItemCompleted Complete(MeasureState state, CompleteScheduleItem command, DateTimeOffset now)
    {
        Require.NotInFuture(command.On, now);
        Require.Text(command.Note, "note");
        if (!state.ScheduleCompletedOn.TryGetValue(command.ItemId ?? "", out var completedOn))
        {
            throw DomainException.NotFound("itemId", new ScheduleItemNotFound(command.ItemId ?? ""));
        }

        if (completedOn is { } done)
        {
            throw DomainException.Conflict("itemId", new ScheduleItemAlreadyCompleted(command.ItemId!, done));
        }

        return new ScheduleItemCompleted(state.PlanId, state.MeasureId, command.ItemId!, command.On, command.Note);
    }
}
