using DxEvents.Domain.Fiscal;
using DxEvents.Domain.Status;

namespace DxEvents.Domain.Reports.Csv;

/// <summary>A plan status report as open-data tables: one row per KPI, or one row per measure and fiscal year of 事業費.
/// Fiscal years are 西暦 with 和暦 in the next column; amounts are 千円 (in the header, never in a cell). Every row says the
/// date the rule was applied at and whether the report is the plan's final evaluation (a reporting date after its end).</summary>
public static class StatusCsv
{
    private static readonly string[] Place = ["全国地方公共団体コード(municipality code)", "都道府県名(prefecture)", "市区町村名(municipality)",
        "計画ID(plan id)", "計画名(plan)", "報告基準日(reporting date)",
        "評価時点(effective date)", "最終評価(final evaluation)"];

    public static CsvTable Kpis(PlanStatusReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var table = new CsvTable([.. Place,
            "基本方針ID(pillar id)", "基本方針(pillar)", "施策ID(measure id)", "施策名(measure)", "担当課(department)",
            "施策の状況(lifecycle)", "施策の評価(measure status)", "施策の評価コード(measure status code)",
            "指標ID(kpi id)", "指標名(kpi)", "単位(unit)", "種別(kind)", "集計方法(combine)", "方向(direction)",
            "現状値(baseline)", "現状値年度_西暦(baseline fiscal year)", "現状値年度_和暦(baseline fiscal year, wareki)",
            "目標値(target)", "目標年度_西暦(target fiscal year)", "目標年度_和暦(target fiscal year, wareki)",
            "集計開始年度_西暦(window from)", "集計開始年度_和暦(window from, wareki)",
            "最新実績年度_西暦(latest fiscal year)", "最新実績年度_和暦(latest fiscal year, wareki)", "最新実績四半期(latest quarter)",
            "実績値(value)", "進捗率(progress)", "期待進捗率(expected)", "評価(status)", "評価コード(status code)", "評価理由(reason)",
            "許容幅_順調(on-track tolerance)", "許容幅_要注意(at-risk tolerance)"]);
        foreach (var pillar in report.Pillars)
        {
            foreach (var measure in pillar.MeasureStatuses)
            {
                foreach (var kpi in measure.Kpis)
                {
                    table.Add([.. PlaceCells(report),
                        pillar.PillarId, pillar.Title, measure.MeasureId, measure.Title, measure.Department,
                        Labels.Lifecycle(measure.Lifecycle), Labels.Status(measure.Status), Labels.StatusCode(measure.Status),
                        kpi.KpiId, kpi.Name, kpi.Unit, Labels.Code(kpi.Kind), Labels.Code(kpi.Combine), Labels.Code(kpi.Direction),
                        kpi.Baseline?.Value, kpi.Baseline?.FiscalYear, Wareki(kpi.Baseline?.FiscalYear),
                        kpi.Target.Value, kpi.Target.FiscalYear, Wareki(kpi.Target.FiscalYear),
                        kpi.Window?.FromFiscalYear, Wareki(kpi.Window?.FromFiscalYear),
                        kpi.Latest?.FiscalYear, Wareki(kpi.Latest?.FiscalYear), kpi.Latest?.Quarter,
                        kpi.Value, kpi.Progress, kpi.Expected, Labels.Status(kpi.Status), Labels.StatusCode(kpi.Status), kpi.Reason?.Ja,
                        report.Tolerances.OnTrack, report.Tolerances.AtRisk]);
                }
            }
        }
        return table;
    }

    public static CsvTable Budget(PlanStatusReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var table = new CsvTable([.. Place,
            "基本方針ID(pillar id)", "施策ID(measure id)", "施策名(measure)", "担当課(department)",
            "年度_西暦(fiscal year)", "年度_和暦(fiscal year, wareki)",
            "当初事業費（千円）(planned total)", "現行事業費（千円）(current total)", "増減（千円）(difference)",
            "当初未定(planned undetermined)", "現行未定(current undetermined)"]);
        foreach (var pillar in report.Pillars)
        {
            foreach (var measure in pillar.MeasureStatuses)
            {
                foreach (var year in measure.Budget)
                {
                    table.Add([.. PlaceCells(report), pillar.PillarId, measure.MeasureId, measure.Title, measure.Department,
                        year.FiscalYear, Wareki(year.FiscalYear),
                        year.UndeterminedPlanned > 0 ? null : year.Planned, year.UndeterminedCurrent > 0 ? null : year.Current,
                        year.UndeterminedPlanned > 0 || year.UndeterminedCurrent > 0 ? null : BudgetTotals.Difference(year.Current, year.Planned),
                        year.UndeterminedPlanned > 0, year.UndeterminedCurrent > 0]);
                }
            }
        }
        return table;
    }

    internal static string? Wareki(int? fiscalYear) => fiscalYear is { } y ? new FiscalYear(y).Wareki : null;

    private static object?[] PlaceCells(PlanStatusReport report) =>
        [report.Municipality.Code, report.Municipality.Prefecture, report.Municipality.Name, report.PlanId, report.Title, report.ReportingDate,
        report.EffectiveDate, report.FinalEvaluation];
}
