using DxEvents.Domain.Plans;

namespace DxEvents.Domain.Deadlines;

/// <summary>提出期限: the office sets (or moves) the day by which a quarter's figures of the plan are due. It lives in the plan's
/// stream: the deadline is the plan's, its quarters lie in the plan's years, and an as-of read of the plan's history has it.</summary>
/// <param name="Previous">The deadline it replaces; null when the quarter had none.</param>
/// <param name="Reason">Why it moved: required for a change, optional the first time.</param>
public sealed record FiguresDeadlineSet(string PlanId, int FiscalYear, int Quarter, DateOnly Due, DateOnly? Previous, string? Reason) : IDomainEvent;

/// <summary>Sets the deadline of a quarter's figures.</summary>
public sealed record SetFiguresDeadline(int FiscalYear, int Quarter, DateOnly Due, string? Reason) : PlanCommand;

/// <summary>Before: the deadline is near and figures are still open. Overdue: the deadline has passed and figures are late.</summary>
public enum ReminderKind
{
    Before,
    Overdue,
}

/// <summary>An event of a reminder's own stream (<see cref="StreamIds.Reminder"/>): one stream per plan, quarter, kind and
/// address, so that the stream's existence says the reminder was claimed.</summary>
public interface IReminderEvent : IDomainEvent
{
    int FiscalYear { get; }

    int Quarter { get; }

    ReminderKind Kind { get; }

    string To { get; }
}

/// <summary>A reminder claimed for sending, committed before the mail goes out (at most once; see docs/deadlines-and-reminders.md).</summary>
/// <param name="To">The address, as configured or granted.</param>
/// <param name="KpiIds">The figures it reminds of.</param>
public sealed record ReminderSent(string PlanId, int FiscalYear, int Quarter, ReminderKind Kind, DateOnly Due, string To, IReadOnlyList<string> KpiIds)
    : IReminderEvent;

/// <summary>The mail server refused or could not be reached: known not sent, so a later run may claim it again.</summary>
public sealed record ReminderFailed(string PlanId, int FiscalYear, int Quarter, ReminderKind Kind, string To, string Error) : IReminderEvent;
