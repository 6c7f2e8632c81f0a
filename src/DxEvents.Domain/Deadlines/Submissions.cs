using DxEvents.Domain.Fiscal;
using DxEvents.Domain.Reports;
using DxEvents.Domain.Status;

namespace DxEvents.Domain.Deadlines;

/// <summary>In: a figure is recorded for the quarter. Open: not yet, the deadline not passed (or none set). Late: not in, and
/// today is past the deadline.</summary>
public enum SubmissionState
{
    In,
    Open,
    Late,
}

/// <param name="AfterDeadline">In, but recorded after the deadline's day (Japan time).</param>
/// <param name="Returned">The office returned the figure (差し戻し): it is owed again, so it is open or late, not in.</param>
public sealed record KpiSubmission(string KpiId, string Name, string? Unit, SubmissionState State, decimal? Value, DateTimeOffset? RecordedAt,
    string? RecordedBy, bool AfterDeadline, bool Returned = false);

public sealed record MeasureSubmissions(string MeasureId, string Title, int Due, int In, int Late, IReadOnlyList<KpiSubmission> Kpis);

/// <param name="Department">担当課 as the plan prints it; null when the plan names none.</param>
public sealed record DepartmentSubmissions(string? Department, int Due, int In, int Late, IReadOnlyList<MeasureSubmissions> Measures);

/// <param name="Deadline">The quarter's 提出期限 in force; null when the office set none (then nothing is late).</param>
/// <param name="PastDeadline">Today is after the deadline's day.</param>
public sealed record SubmissionReport(string PlanId, string Title, QuarterRef Quarter, DateOnly? Deadline, DateOnly Today, bool PastDeadline,
    int Due, int In, int Late, IReadOnlyList<DepartmentSubmissions> Departments);

/// <summary>
/// 提出状況: which figures a quarter owes, by department (担当課) and measure, and which are in and which late. The figures a
/// quarter owes are the headquarters' figures due (<see cref="HeadquartersRollup.FiguresDue"/>) as the quarter closed — read
/// on the quarter's last day, with that quarter's figures set aside so that a figure already in still counts as owed.
/// One read for the API and the page alike.
/// </summary>
public static class Submissions
{
    public static SubmissionReport Build(PlanView view, FiscalQuarter quarter, DateOnly? deadline, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(view);
        bool InQuarter(QuarterFigureView f) => f.FiscalYear == quarter.Year.Year && f.Quarter == quarter.Number;
        var without = view with { Kpis = [.. view.Kpis.Select(k => k with { Figures = [.. k.Figures.Where(f => !InQuarter(f))] })] };
        var owed = HeadquartersRollup.FiguresDue(without, StatusRule.Evaluate(without, quarter.End, view.Tolerances))
            .Where(d => d.Quarter.FiscalYear == quarter.Year.Year && d.Quarter.Quarter == quarter.Number);
        var past = deadline is { } d && today > d;

        KpiSubmission Submission(FigureDue due)
        {
            var figure = view.Kpis.Single(k => k.KpiId == due.KpiId).Figures.FirstOrDefault(InQuarter);
            var returned = figure?.IsReturned() == true;
            var state = figure is not null && !returned ? SubmissionState.In : past ? SubmissionState.Late : SubmissionState.Open;
            var after = figure is not null && deadline is { } day && JapanDate.Of(figure.Recorded.At) > day;
            return new(due.KpiId, due.KpiName, due.Unit, state, figure?.Value, figure?.Recorded.At, figure?.Recorded.Actor, after, returned);
        }

        var departments = owed
            .GroupBy(d => d.Department)
            .Select(dept =>
            {
                var measures = dept.GroupBy(d => (d.MeasureId, d.MeasureTitle))
                    .Select(m =>
                    {
                        var kpis = m.Select(Submission).ToList();
                        return new MeasureSubmissions(m.Key.MeasureId, m.Key.MeasureTitle, kpis.Count,
                            kpis.Count(k => k.State == SubmissionState.In), kpis.Count(k => k.State == SubmissionState.Late), kpis);
                    })
                    .ToList();
                return new DepartmentSubmissions(dept.Key, measures.Sum(m => m.Due), measures.Sum(m => m.In), measures.Sum(m => m.Late), measures);
            })
            .ToList();
        return new SubmissionReport(view.PlanId, view.Title, QuarterRef.Of(quarter), deadline, today, past,
            departments.Sum(d => d.Due), departments.Sum(d => d.In), departments.Sum(d => d.Late), departments);
    }

    /// <summary>The quarter a page opens on: the last closed by today, else the plan's last when the plan has ended, else its first.</summary>
    public static FiscalQuarter DefaultQuarter(PlanView view, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(view);
        var last = FiscalQuarter.LastClosedBefore(today);
        var planLast = new FiscalQuarter(view.ToFiscalYear, 4);
        var planFirst = new FiscalQuarter(view.FromFiscalYear, 1);
        return last > planLast ? planLast : last < planFirst ? planFirst : last;
    }
}
