using DxEvents.Domain.Fiscal;
using DxEvents.Domain.Kpis;
using DxEvents.Domain.Texts;

namespace DxEvents.Domain.Status;

/// <summary>The value a KPI is judged on, or a status decided before any arithmetic (no_data, a done milestone). A KPI that is
/// not judged (its measure has not started) reads its figures however old, and decides nothing.</summary>
internal sealed record Reading(FiscalQuarter? Latest, decimal? Value, ProgressStatus? Status, Text? Reason);

/// <summary>level, rate (latest) and milestone: the most recent closed figure, if it is recent enough.</summary>
internal static class LatestReading
{
    public static Reading Read(List<(FiscalQuarter Quarter, decimal Value)> closed, KpiKind kind, DateOnly date, bool judged)
    {
        var lastClosed = FiscalQuarter.LastClosedBefore(date);
        if (closed.Count == 0)
        {
            return new(null, null, ProgressStatus.NoData, new NoClosedQuarterFigure(date));
        }

        var (latest, value) = closed.MaxBy(f => f.Quarter);
        if (!judged)
        {
            return new(latest, value, null, null);
        }

        // Done is done: a milestone reached long ago does not go stale.
        if (kind == KpiKind.Milestone && value == 1m)
        {
            return new(latest, value, ProgressStatus.Achieved, null);
        }

        if (latest < lastClosed.Previous)
        {
            return new(latest, value, ProgressStatus.NoData, new LatestFigureTooOld(latest, lastClosed.Previous, lastClosed));
        }

        return new(latest, value, null, null);
    }
}

/// <summary>flow (sum) and rate with combine=average: the figures inside the target window.</summary>
internal static class WindowReading
{
    public static Reading Read(List<(FiscalQuarter Quarter, decimal Value)> closed, FiscalYearSpan window, KpiCombine combine, DateOnly date, bool judged)
    {
        var first = new FiscalQuarter(window.FromFiscalYear, 1);
        var last = new FiscalQuarter(window.ToFiscalYear, 4);
        var inWindow = closed.Where(f => f.Quarter >= first && f.Quarter <= last).ToList();
        var lastClosed = FiscalQuarter.LastClosedBefore(date);
        var lastClosedInWindow = lastClosed > last ? last : lastClosed;
        var closedInWindow = lastClosedInWindow.Ordinal - first.Ordinal + 1;
        var latest = inWindow.Count > 0 ? inWindow.MaxBy(f => f.Quarter).Quarter : (FiscalQuarter?)null;

        // Staleness is judged only once two quarters of the window have closed; before that a missing figure
        // is a slow start, not missing data (a sum then counts as zero so far).
        if (judged && closedInWindow >= 2 && !(latest >= lastClosedInWindow.Previous))
        {
            return new(latest, null, ProgressStatus.NoData, new NoRecentFigureInWindow(lastClosedInWindow.Previous, lastClosedInWindow, window.Display));
        }

        if (combine == KpiCombine.Sum)
        {
            return new(latest, inWindow.Sum(f => f.Value), null, null);
        }

        return inWindow.Count == 0
            ? new(null, null, ProgressStatus.NoData, new NothingToAverage(window.Display))
            : new(latest, inWindow.Average(f => f.Value), null, null);
    }
}
