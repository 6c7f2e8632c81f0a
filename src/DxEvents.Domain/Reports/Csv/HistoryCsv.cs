using DxEvents.Domain.Kpis;
using DxEvents.Domain.Measures;
using DxEvents.Domain.Plans;

namespace DxEvents.Domain.Reports.Csv;

/// <summary>
/// An event history as an open-data table, one row per event in the order given. The columns a reader filters on are
/// pulled out of the event (plan, measure, KPI, fiscal year and quarter, figure, 事業費); the event's full data stays in
/// the last column as JSON, so nothing is lost. A correction names the sequence of the figure it corrects.
/// </summary>
public static class HistoryCsv
{
    public static readonly IReadOnlyList<string> Header =
    [
        "全国地方公共団体コード(municipality code)", "市区町村名(municipality)",
        "連番(sequence)", "記録日時(recorded at)", "ストリーム(stream)", "版(version)", "イベント種別(event type)", "内容(what)",
        "計画ID(plan id)", "施策ID(measure id)", "指標ID(kpi id)",
        "年度_西暦(fiscal year)", "年度_和暦(fiscal year, wareki)", "四半期(quarter)",
        "実績値(figure)", "変更前の実績値(previous figure)", "訂正対象の連番(corrects sequence)",
        "事業費（千円）(budget total)", "変更前の事業費（千円）(previous budget total)",
        "記録者(actor)", "理由(reason)", "相関ID(correlation id)", "原因ID(causation id)", "データ(data, JSON)",
    ];

    /// <param name="data">The event's stored JSON, by sequence; when absent the event is serialized afresh.</param>
    public static CsvTable Write(IEnumerable<EventEnvelope> envelopes, Municipality? municipality, Func<EventEnvelope, string>? data = null)
    {
        ArgumentNullException.ThrowIfNull(envelopes);
        var list = envelopes.ToList();
        var links = FigureLinks.Of(list);
        var table = new CsvTable(Header);
        foreach (var e in list)
        {
            var (year, quarter, figure, previousFigure, total, previousTotal) = Columns(e.Event);
            table.Add(municipality?.Code, municipality?.Name,
                e.Sequence, e.RecordedAt, e.StreamId, e.Version, e.Event.GetType().Name, Labels.Change(e.Event),
                e.Event.PlanId, (e.Event as IMeasureEvent)?.MeasureId ?? (e.Event as IKpiEvent)?.MeasureId, (e.Event as IKpiEvent)?.KpiId,
                year, StatusCsv.Wareki(year), quarter,
                figure, previousFigure, links.TryGetValue(e.Sequence, out var link) ? link.Corrects : null,
                total, previousTotal,
                e.Metadata.Actor, e.Metadata.Reason, e.Metadata.CorrelationId, e.Metadata.CausationId,
                data?.Invoke(e) ?? EventCatalog.Serialize(e.Event).Json);
        }
        return table;
    }

    private static (int? Year, int? Quarter, decimal? Figure, decimal? PreviousFigure, long? Total, long? PreviousTotal) Columns(IDomainEvent domainEvent) =>
        domainEvent switch
        {
            KpiMeasured e => (e.FiscalYear, e.Quarter, e.Value, null, null, null),
            KpiMeasurementCorrected e => (e.FiscalYear, e.Quarter, e.Value, e.PreviousValue, null, null),
            KpiFigureSubmittedForReview e => (e.FiscalYear, e.Quarter, e.Value, null, null, null),
            KpiFigureConfirmed e => (e.FiscalYear, e.Quarter, e.Value, null, null, null),
            KpiFigureReturned e => (e.FiscalYear, e.Quarter, e.Value, null, null, null),
            BudgetPlanned e => (e.FiscalYear, null, null, null, e.Figures?.Total, null),
            BudgetRevised e => (e.FiscalYear, null, null, null, e.Figures.Total, e.Previous?.Total),
            KpiTargetRevised e => (e.Target.FiscalYear, null, null, null, null, null),
            _ => (null, null, null, null, null, null),
        };
}
