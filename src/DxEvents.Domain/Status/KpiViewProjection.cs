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
                f => f with { Value = e.Value, Corrections = [.. f.Corrections, new FigureCorrectionView(e.Value, e.PreviousValue, e.Reason, by)] },
                $"FY{e.FiscalYear} Q{e.Quarter} of KPI '{e.KpiId}'"),
        },
        _ => kpi,
    };
}
