using DxEvents.Domain.Kpis;

namespace DxEvents.Domain.Status;

internal static class KpiViewProjection
{
    public static IReadOnlyList<KpiView> Apply(IReadOnlyList<KpiView> kpis, IKpiEvent domainEvent, RecordedBy by)
    {
        if (domainEvent is KpiDefined d)
        {
            return [.. kpis, new KpiView(d.KpiId, d.MeasureId, d.Name, d.Unit, d.Kind, d.Combine, d.Direction, d.Note,
                d.Baseline, d.Target, d.Baseline, d.Target, [], [], [])];
        }

        return PlanViewProjection.Replace(kpis, k => k.KpiId == domainEvent.KpiId, k => Apply(k, domainEvent, by), $"KPI '{domainEvent.KpiId}'");
    }

    private static KpiView Apply(KpiView kpi, IKpiEvent domainEvent, RecordedBy by) => domainEvent switch
    {
        KpiTargetRevised e => kpi with
        {
            Target = e.Target,
            TargetRevisions = [.. kpi.TargetRevisions, new KpiTargetRevisionView(e.Target, e.Previous, e.Reason, by)],
        },
        KpiBaselineRevised e => kpi with
        {
            Baseline = e.Baseline,
            BaselineRevisions = [.. kpi.BaselineRevisions, new KpiBaselineRevisionView(e.Baseline, e.Previous, e.Reason, by)],
        },
        KpiMeasured e => kpi with
        {
            Figures = [.. kpi.Figures.Append(new QuarterFigureView(e.FiscalYear, e.Quarter, e.Value, e.Value, e.Note, by, []))
                .OrderBy(f => f.FiscalYear).ThenBy(f => f.Quarter)],
        },
        KpiMeasurementCorrected e => kpi with
        {
            Figures = PlanViewProjection.Replace(kpi.Figures, f => f.FiscalYear == e.FiscalYear && f.Quarter == e.Quarter,
                f => f with
                {
                    Value = e.Value,
                    Corrections = [.. f.Corrections, new FigureCorrectionView(e.Value, e.PreviousValue, e.Reason, by)],
                    // A reviewed figure's correction keeps what counted before it, for the submission that may follow; a figure
                    // never reviewed stays without a review (the previous value is the correction's own PreviousValue).
                    Review = f.Review is null ? null : new FigureReviewView(FigureReview.NotReviewed, f.Counted(), null, null),
                },
                $"FY{e.FiscalYear} Q{e.Quarter} of KPI '{e.KpiId}'"),
        },
        KpiFigureSubmittedForReview e => Reviewed(kpi, e, f => new FigureReviewView(FigureReview.Waiting, CountedBefore(f), null, null)),
        KpiFigureConfirmed e => Reviewed(kpi, e, f => new FigureReviewView(FigureReview.Confirmed, e.Value, null, by)),
        KpiFigureReturned e => Reviewed(kpi, e, f => new FigureReviewView(FigureReview.Returned, f.Review?.Counted, e.Reason, by)),
        _ => kpi,
    };

    /// <summary>What counted before the version just recorded: nothing for a first figure; for a correction, what the
    /// correction's projection kept, or the value it replaced when that one counted as recorded.</summary>
    private static decimal? CountedBefore(QuarterFigureView f) =>
        f.Review is { } kept ? kept.Counted : f.Corrections.Count > 0 ? f.Corrections[^1].PreviousValue : null;

    private static KpiView Reviewed(KpiView kpi, IKpiEvent e, Func<QuarterFigureView, FigureReviewView> review)
    {
        var (year, quarter) = e switch
        {
            KpiFigureSubmittedForReview s => (s.FiscalYear, s.Quarter),
            KpiFigureConfirmed c => (c.FiscalYear, c.Quarter),
            KpiFigureReturned r => (r.FiscalYear, r.Quarter),
            _ => throw new ArgumentOutOfRangeException(nameof(e)),
        };
        return kpi with
        {
            Figures = PlanViewProjection.Replace(kpi.Figures, f => f.FiscalYear == year && f.Quarter == quarter,
                f => f with { Review = review(f) }, $"FY{year} Q{quarter} of KPI '{e.KpiId}'"),
        };
    }
}
