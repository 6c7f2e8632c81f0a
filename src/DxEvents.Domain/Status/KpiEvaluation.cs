using DxEvents.Domain.Fiscal;
using DxEvents.Domain.Kpis;
using DxEvents.Domain.Plans;

namespace DxEvents.Domain.Status;

/// <summary>DESIGN §5 for one KPI of a started measure. See StatusRule for the choices made where §5 is silent.</summary>
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
        var combine = CombineOf(kpi);
        var target = kpi.Target;
        var windowed = combine is KpiCombine.Sum or KpiCombine.Average;
        var window = windowed ? Span(target.FromFiscalYear ?? target.FiscalYear, target.FiscalYear) : null;
        var line = new KpiStatusLine(kpi.KpiId, kpi.Name, kpi.Unit, kpi.Kind, combine, kpi.Direction, kpi.Baseline, target, window,
            null, null, null, null, null, null, ProgressStatus.NoData, null);

        var closed = kpi.Figures
            .Select(f => (Quarter: new FiscalQuarter(f.FiscalYear, f.Quarter), f.Value))
            .Where(f => f.Quarter.End <= date)
            .ToList();
        var reading = windowed ? WindowReading.Read(closed, window!, combine, date) : LatestReading.Read(closed, kpi.Kind, date);
        line = line with { Latest = reading.Latest is { } q ? QuarterRef.Of(q) : null, Value = reading.Value };
        if (reading.Status is { } decided)
        {
            return line with { Status = decided, Reason = reading.Reason };
        }

        // A window sum starts from zero at the window's start, whatever an earlier year's baseline was.
        var sums = combine == KpiCombine.Sum;
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
