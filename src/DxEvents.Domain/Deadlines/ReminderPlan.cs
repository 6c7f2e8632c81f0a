using DxEvents.Domain.Status;

namespace DxEvents.Domain.Deadlines;

/// <summary>Someone who owes figures and has an address: a department's (<paramref name="Department"/> set) or a person granted
/// the recorder role, whose grant covers every department (<paramref name="Department"/> null).</summary>
public sealed record Recipient(string Address, string Name, string? Department);

/// <summary>One figure a reminder names.</summary>
public sealed record OwedFigure(string? Department, string MeasureId, string MeasureTitle, string KpiId, string KpiName);

/// <summary>A reminder to send: one mail to one address, naming every figure it owes for the quarter.</summary>
public sealed record PlannedReminder(string PlanId, string PlanTitle, ReminderKind Kind, QuarterRef Quarter, DateOnly Due, string To,
    IReadOnlyList<string> Names, IReadOnlyList<OwedFigure> Figures);

/// <summary>When reminders are due and to whom: pure, so the days and the addresses are tested by hand.</summary>
public static class ReminderPlan
{
    /// <summary>Before: from <paramref name="daysBefore"/> days before the deadline up to its day. Overdue: from the day after it
    /// for <paramref name="overdueDays"/> days, so that a deployment that starts sending does not remind of long-past quarters.</summary>
    public static ReminderKind? KindOn(DateOnly today, DateOnly due, int daysBefore, int overdueDays) =>
        today <= due && today >= due.AddDays(-daysBefore) ? ReminderKind.Before
        : today > due && today <= due.AddDays(overdueDays) ? ReminderKind.Overdue
        : null;

    /// <summary>The reminders of one kind for a quarter's submissions: before the deadline for the open figures, after it for the
    /// late ones; an address that owes nothing gets nothing, and two recipients with one address get one mail.</summary>
    public static IReadOnlyList<PlannedReminder> For(SubmissionReport report, ReminderKind kind, IReadOnlyList<Recipient> recipients)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(recipients);
        if (report.Deadline is not { } due)
            return [];
        var owing = kind == ReminderKind.Before ? SubmissionState.Open : SubmissionState.Late;
        var figures = (from department in report.Departments
                       from measure in department.Measures
                       from kpi in measure.Kpis
                       where kpi.State == owing
                       select new OwedFigure(department.Department, measure.MeasureId, measure.Title, kpi.KpiId, kpi.Name)).ToList();
        return [.. recipients
            .GroupBy(r => r.Address.Trim().ToLowerInvariant(), StringComparer.Ordinal)
            .Select(address => (
                To: address.First().Address.Trim(),
                Names: address.Select(r => r.Name).Distinct(StringComparer.Ordinal).ToList(),
                Figures: figures.Where(f => address.Any(r => r.Department is null || r.Department == f.Department)).ToList()))
            .Where(r => r.Figures.Count > 0)
            .OrderBy(r => r.To, StringComparer.Ordinal)
            .Select(r => new PlannedReminder(report.PlanId, report.Title, kind, report.Quarter, due, r.To, r.Names, r.Figures))];
    }
}
