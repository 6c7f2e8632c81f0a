using DxEvents.Domain.Fiscal;
using DxEvents.Domain.Kpis;
using DxEvents.Domain.Plans;

namespace DxEvents.Domain.Status;

/// <summary>The status rule (docs/status-rule.md) for one KPI of a started measure; StatusRule states it in full.</summary>
internal static class KpiEvaluation
{
    // A target a hair's breadth from its baseline can make the ratio overflow decimal; far past either end
    // means the same status, so clamp instead of failing the whole plan's report.
    private static decimal Progress(decimal v, decimal b, decimal t)
    {
        try
        {
            return Math.Clamp((v - b) / (t - b), -1_000_000m, 1_000_000m);
        }
        catch (OverflowException)
        {
            return (v - b > 0) == (t - b > 0) ? 1_000_000m : -1_000_000m;
        }
    }

    public static KpiStatusLine Evaluate(KpiView kpi, PlanView plan, DateOnly date, Tolerances tolerances)
    {
        var (line, reading, _) = Read(kpi, date, judged: true);
        if (reading.Status is { } decided)
        {
            return line with { Status = decided, Reason = reading.Reason };
        }

        // A window sum starts from zero at the window's start, whatever an earlier year's baseline was.
        var target = kpi.Target;
        var window = line.Window;
        var sums = line.Combine == KpiCombine.Sum;
        var b = sums || kpi.Kind == KpiKind.Milestone ? 0m : kpi.Baseline?.Value ?? 0m;
        var t = target.Value ?? 1m;
        var from = sums ? new FiscalYear(window!.FromFiscalYear).Start
            : kpi.Baseline is { } baseline && kpi.Kind != KpiKind.Milestone ? new FiscalYear(baseline.FiscalYear).Next.Start
            : new FiscalYear(target.FromFiscalYear ?? plan.FromFiscalYear).Start;
        var to = new FiscalYear(target.FiscalYear).End;

        var v = reading.Value!.Value;
        var p = t == b ? (Reached(v, t, kpi.Direction) ? 1m : 0m) : Progress(v, b, t);
        var e = ElapsedShare(from, to, date);
        var status = p >= 1m ? ProgressStatus.Achieved
            : p >= e - tolerances.OnTrack ? ProgressStatus.OnTrack
            : p >= e - tolerances.AtRisk ? ProgressStatus.AtRisk
            : ProgressStatus.OffTrack;
        return line with
        {
            Progress = Math.Round(p, 4),
            Expected = Math.Round(e, 4),
            ExpectedFrom = from,
            ExpectedTo = to,
            Status = status,
        };
    }

    /// <summary>A KPI of a measure not started by the date: its figures read as if it had started (the latest, the value, however
    /// old; a window's figures only) but not judged, and a reason that says whether it has figures all the same.</summary>
    public static KpiStatusLine NotStarted(KpiView kpi, DateOnly date)
    {
        var (line, reading, closed) = Read(kpi, date, judged: false);
        if (reading.Latest is not { } latest)
        {
            return line with { Status = ProgressStatus.NotStarted, Reason = new KpiOfMeasureNotStarted(date) };
        }

        // The note names the quarter the answer's `latest` names, with that quarter's own figure (a window's value is its sum).
        var figure = closed.First(f => f.Quarter == latest).Value;
        return line with { Status = ProgressStatus.NotStarted, Reason = new FiguresWhileMeasureNotStarted(date, latest, figure, kpi.Unit) };
    }

    /// <summary>The line with the KPI's definition, latest figure and value; the reading says whether a status is decided
    /// without arithmetic (only when <paramref name="judged"/>).</summary>
    private static (KpiStatusLine Line, Reading Reading, List<(FiscalQuarter Quarter, decimal Value)> Closed) Read(KpiView kpi, DateOnly date, bool judged)
    {
        var combine = CombineOf(kpi);
        var target = kpi.Target;
        var windowed = combine is KpiCombine.Sum or KpiCombine.Average;
        var window = windowed ? Span(target.FromFiscalYear ?? target.FiscalYear, target.FiscalYear) : null;
        // Only what counts is fed to the rule: a figure waiting for the office's review, or returned, is read as the value that
        // counted before it (or as no figure at all).
        var closed = kpi.Figures
            .Where(f => f.Counted() is not null)
            .Select(f => (Quarter: new FiscalQuarter(f.FiscalYear, f.Quarter), Value: f.Counted()!.Value))
            .Where(f => f.Quarter.End <= date)
            .ToList();
        var reading = windowed ? WindowReading.Read(closed, window!, combine, date, judged) : LatestReading.Read(closed, kpi.Kind, date, judged);
        var line = new KpiStatusLine(kpi.KpiId, kpi.Name, kpi.Unit, kpi.Kind, combine, kpi.Direction, kpi.Baseline, target, window,
            reading.Latest is { } q ? QuarterRef.Of(q) : null, reading.Value, null, null, null, null, ProgressStatus.NoData, null,
            kpi.Figures.Count(f => f.AwaitsReview() && new FiscalQuarter(f.FiscalYear, f.Quarter).End <= date));
        return (line, reading, closed);
    }

    public static KpiCombine CombineOf(KpiView kpi) => kpi.Combine ?? (kpi.Kind == KpiKind.Flow ? KpiCombine.Sum : KpiCombine.Latest);

    /// <summary>Share of the days from..to that have passed by the end of <paramref name="date"/>, in [0, 1].</summary>
    public static decimal ElapsedShare(DateOnly from, DateOnly to, DateOnly date)
    {
        var total = to.DayNumber - from.DayNumber + 1;
        if (total <= 0)
        {
            return 1m; // the target date is at or before the start: all of it is due
        }

        var elapsed = date.DayNumber - from.DayNumber + 1;
        return Math.Clamp((decimal)elapsed / total, 0m, 1m);
    }

    private static bool Reached(decimal v, decimal t, KpiDirection direction) =>
        direction == KpiDirection.Decrease ? v <= t : v >= t;

    private static FiscalYearSpan Span(int from, int to) =>
        new(from, to, from == to ? new FiscalYear(from).Display : $"{new FiscalYear(from).Display}〜{new FiscalYear(to).Display}");
}
