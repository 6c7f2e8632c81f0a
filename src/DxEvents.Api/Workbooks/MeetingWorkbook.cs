using DxEvents.Api.Web;
using DxEvents.Domain;
using DxEvents.Domain.Fiscal;
using DxEvents.Domain.Kpis;
using DxEvents.Domain.Measures;
using DxEvents.Domain.Plans;
using DxEvents.Domain.Reports;
using DxEvents.Domain.Status;
using DxEvents.Integrity;

namespace DxEvents.Api.Workbooks;

/// <summary>
/// The headquarters meeting's materials as workbooks, laid out for A4 landscape (fit to the page width, headings repeated on
/// every printed page, sheet name and page number in the footer): a plan's status (plan → pillar → measure → KPI, statuses in
/// words and symbols, 事業費 per fiscal year with 和暦, the as-of instant and the chain head printed) and the audit history.
/// </summary>
public static class MeetingWorkbook
{
    public const string StatusSheet = "進捗状況";
    public const string BudgetSheet = "事業費";
    public const string HistorySheet = "変更履歴";

    public static byte[] Status(PlanStatusReport report, DateTimeOffset? asOf, DateTimeOffset printed, ChainHead head, bool complete)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(head);
        var sheet = new XSheet(StatusSheet) { FrozenRows = 9, PrintTitleRows = (9, 9) };
        sheet.Widths.AddRange([10, 8, 44, 12, 16, 14, 16, 9, 9, 40]);
        sheet.Row(XCell.Of($"{report.Title}　進捗状況（DX推進本部 会議資料）", CellStyle.Title));
        Heading(sheet, report, asOf, printed, head, complete);
        sheet.Header("区分", "ID", "名称", "状況", "担当課・実施状況", "実績値", "目標", "進捗", "期待値", "理由・補足");
        sheet.Row(XCell.Of("計画全体", CellStyle.Header), XCell.Of("", CellStyle.Header), XCell.Of(report.Title, CellStyle.Header),
            XCell.Of("", CellStyle.Header), XCell.Of($"施策 {Counts(report.Measures)}", CellStyle.Header), XCell.Of("", CellStyle.Header),
            XCell.Of("", CellStyle.Header), XCell.Of("", CellStyle.Header), XCell.Of("", CellStyle.Header), XCell.Of($"数値目標 {Counts(report.Kpis)}", CellStyle.Header));
        foreach (var pillar in report.Pillars)
        {
            sheet.Row(XCell.Of("基本方針", CellStyle.Header), XCell.Of(pillar.PillarId, CellStyle.Header), XCell.Of(pillar.Title, CellStyle.Header),
                XCell.Of("", CellStyle.Header), XCell.Of($"施策 {Counts(pillar.Measures)}", CellStyle.Header), XCell.Of("", CellStyle.Header),
                XCell.Of("", CellStyle.Header), XCell.Of("", CellStyle.Header), XCell.Of("", CellStyle.Header), XCell.Of($"数値目標 {Counts(pillar.Kpis)}", CellStyle.Header));
            foreach (var measure in pillar.MeasureStatuses)
            {
                sheet.Row(XCell.Of("施策", CellStyle.Wrap), XCell.Of(measure.MeasureId, CellStyle.Wrap), XCell.Of(measure.Title, CellStyle.Wrap),
                    XCell.Of(Said(measure.Status), CellStyle.Wrap), XCell.Of($"{measure.Department ?? "－"}・{Labels.Lifecycle(measure.Lifecycle)}", CellStyle.Wrap),
                    XCell.Of("", CellStyle.Wrap), XCell.Of("", CellStyle.Wrap), XCell.Of("", CellStyle.Wrap), XCell.Of("", CellStyle.Wrap),
                    XCell.Of(measure.Reason?.Ja ?? Schedule(measure), CellStyle.Wrap));
                foreach (var kpi in measure.Kpis)
                {
                    sheet.Row(XCell.Of("数値目標", CellStyle.Wrap), XCell.Of(kpi.KpiId, CellStyle.Wrap), XCell.Of("　" + kpi.Name, CellStyle.Wrap),
                        XCell.Of(Said(kpi.Status), CellStyle.Wrap), XCell.Of(kpi.Latest?.Display ?? "－", CellStyle.Wrap),
                        XCell.Of(kpi.Kind == KpiKind.Milestone ? (kpi.Value >= 1 ? "達成" : "未達成") : Ja.Value(kpi.Value, kpi.Unit), CellStyle.Wrap),
                        XCell.Of(Labels.Target(kpi.Target, kpi.Unit), CellStyle.Wrap), XCell.Of(Ja.Percent(kpi.Progress), CellStyle.Wrap),
                        XCell.Of(Ja.Percent(kpi.Expected), CellStyle.Wrap), XCell.Of(Ja.ReasonBesideMeasure(kpi) ?? "", CellStyle.Wrap));
                }
            }
        }
        sheet.Row();
        sheet.Row(XCell.Of("状況の記号：◎ 達成　○ 順調　△ 要注意　× 遅れ　－ データなし　・ 未着手　／ 中止。判定基準：" + Labels.Tolerances(report.Tolerances)));
        return XlsxWriter.Write([sheet, Budget(report, asOf, printed, head, complete)]);
    }

    private static XSheet Budget(PlanStatusReport report, DateTimeOffset? asOf, DateTimeOffset printed, ChainHead head, bool complete)
    {
        var sheet = new XSheet(BudgetSheet) { FrozenRows = 9, PrintTitleRows = (9, 9) };
        sheet.Widths.AddRange([10, 8, 44, 10, 14, 16, 16, 16, 24]);
        sheet.Row(XCell.Of($"{report.Title}　事業費（千円）", CellStyle.Title));
        Heading(sheet, report, asOf, printed, head, complete);
        sheet.Header("区分", "ID", "名称", "年度", "和暦", "当初（千円）", "現在（千円）", "増減（千円）", "未定（当初／現在）");
        void Lines(string what, string id, string title, IEnumerable<BudgetYearTotal> years)
        {
            foreach (var year in years)
            {
                sheet.Row(XCell.Of(what, CellStyle.Wrap), XCell.Of(id, CellStyle.Wrap), XCell.Of(title, CellStyle.Wrap), XCell.Of(year.FiscalYear, CellStyle.Number),
                    XCell.Of(new FiscalYear(year.FiscalYear).Wareki, CellStyle.Wrap), XCell.Of(year.Planned, CellStyle.Amount), XCell.Of(year.Current, CellStyle.Amount),
                    XCell.Of(year.Current - year.Planned, CellStyle.Amount),
                    XCell.Of(year.UndeterminedPlanned + year.UndeterminedCurrent > 0 ? $"{year.UndeterminedPlanned}件／{year.UndeterminedCurrent}件" : "", CellStyle.Wrap));
            }
        }
        Lines("計画全体", "", report.Title, report.Budget);
        foreach (var pillar in report.Pillars)
        {
            Lines("基本方針", pillar.PillarId, pillar.Title, pillar.Budget);
            foreach (var measure in pillar.MeasureStatuses)
                Lines("施策", measure.MeasureId, measure.Title, measure.Budget);
        }
        sheet.Row();
        sheet.Row(XCell.Of("金額は千円。当初は計画策定時、現在は改訂を反映した額。未定の年度は件数で示します。"));
        return sheet;
    }

    /// <summary>Rows 2–8: who, when, as of when, judged by what, pinned to which chain head.</summary>
    private static void Heading(XSheet sheet, PlanStatusReport report, DateTimeOffset? asOf, DateTimeOffset printed, ChainHead head, bool complete)
    {
        sheet.Row(XCell.Of("自治体", CellStyle.Header), XCell.Of(""), XCell.Of($"{report.Municipality.Prefecture} {report.Municipality.Name}"));
        sheet.Row(XCell.Of("計画期間", CellStyle.Header), XCell.Of(""), XCell.Of(report.Period.Display));
        sheet.Row(XCell.Of("時点", CellStyle.Header), XCell.Of(""), XCell.Of(asOf is { } t ? $"{Ja.Instant(t)}（{Ja.IsoInstant(t)}）時点の記録" : $"最新の記録（作成 {Ja.Instant(printed)}）"));
        sheet.Row(XCell.Of("判定基準日", CellStyle.Header), XCell.Of(""), XCell.Of($"{Labels.DateJa(report.ReportingDate)}（直近の締まった四半期：{report.LastClosedQuarter.Display}）"));
        sheet.Row(XCell.Of("チェーンの先頭", CellStyle.Header), XCell.Of(""),
            XCell.Of($"位置 {head.Position}　ハッシュ {head.Hash}{(complete ? "" : "（封印待ちの記録あり）")}　/audit/verify?head= で照合できます"));
        sheet.Row(XCell.Of("判定基準", CellStyle.Header), XCell.Of(""), XCell.Of(Labels.Tolerances(report.Tolerances)));
        sheet.Row();
    }

    private static string Said(ProgressStatus status) => $"{Ja.Symbol(status)} {Labels.Status(status)}";

    private static string Counts(StatusCounts counts) =>
        string.Join("　", Ja.Order.Where(s => Ja.Count(counts, s) > 0).Select(s => $"{Ja.Symbol(s)}{Labels.Status(s)} {Ja.Count(counts, s)}"));

    private static string Schedule(MeasureStatus measure) =>
        measure.Schedule.Items == 0 ? "" : $"工程 {measure.Schedule.Completed}/{measure.Schedule.Items} 完了" + (measure.Schedule.LateItemIds.Count > 0 ? $"、遅れ {string.Join("・", measure.Schedule.LateItemIds)}" : "");

    /// <summary>The event log as filtered, one row per event, oldest first, for an audit meeting.</summary>
    public static byte[] History(IReadOnlyList<EventEnvelope> events, Municipality? municipality, string filter, DateTimeOffset printed, ChainHead head)
    {
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(head);
        var sheet = new XSheet(HistorySheet) { FrozenRows = 7, PrintTitleRows = (7, 7) };
        sheet.Widths.AddRange([8, 18, 26, 22, 40, 12, 12, 16, 30]);
        sheet.Row(XCell.Of($"{municipality?.Name ?? ""} 変更履歴（監査資料）", CellStyle.Title));
        sheet.Row(XCell.Of("条件", CellStyle.Header), XCell.Of(filter.Length == 0 ? "すべての記録" : filter));
        sheet.Row(XCell.Of("作成", CellStyle.Header), XCell.Of($"{Ja.Instant(printed)}（{Ja.IsoInstant(printed)}）"));
        sheet.Row(XCell.Of("件数", CellStyle.Header), XCell.Of(events.Count));
        sheet.Row(XCell.Of("チェーンの先頭", CellStyle.Header), XCell.Of($"位置 {head.Position}　ハッシュ {head.Hash}"));
        sheet.Row();
        sheet.Header("連番", "記録日時", "ストリーム", "種別", "内容", "年度", "四半期", "記録者", "理由");
        foreach (var e in events)
        {
            var (year, quarter) = e.Event switch
            {
                KpiMeasured m => ((int?)m.FiscalYear, (int?)m.Quarter),
                KpiMeasurementCorrected c => (c.FiscalYear, c.Quarter),
                BudgetPlanned b => (b.FiscalYear, null),
                BudgetRevised r => (r.FiscalYear, null),
                _ => (null, null),
            };
            sheet.Row(XCell.Of(e.Sequence, CellStyle.Number), XCell.Of(Ja.Instant(e.RecordedAt), CellStyle.Wrap), XCell.Of($"{e.StreamId}（版 {e.Version}）", CellStyle.Wrap),
                XCell.Of(e.Event.GetType().Name, CellStyle.Wrap), XCell.Of(Labels.Change(e.Event), CellStyle.Wrap),
                XCell.Of(year is { } y ? new FiscalYear(y).Display : "", CellStyle.Wrap), XCell.Of(quarter is { } q ? $"第{q}四半期" : "", CellStyle.Wrap),
                XCell.Of(e.Metadata.Actor, CellStyle.Wrap), XCell.Of(e.Metadata.Reason ?? "", CellStyle.Wrap));
        }
        return XlsxWriter.Write([sheet]);
    }
}
