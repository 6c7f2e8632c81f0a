using System.Globalization;
using DxEvents.Domain.Fiscal;
using DxEvents.Domain.Measures;
using DxEvents.Domain.Reports;
using DxEvents.Domain.Status;
using DxEvents.Domain.Texts;

namespace DxEvents.Api.Workbooks;

/// <summary>One KPI row of an uploaded quarter sheet: its id, the figure as written and its cell, the note.</summary>
public sealed record QuarterSheetRow(int Row, string KpiId, XValue? Value, string ValueCell, string? Note);

/// <summary>What an uploaded quarter sheet says: the plan and quarter it was made for, and its rows.</summary>
public sealed record QuarterSheetUpload(string? PlanId, FiscalQuarter? Quarter, IReadOnlyList<QuarterSheetRow> Rows, IReadOnlyList<WorkbookProblem> Problems);

/// <summary>
/// The quarter's figure sheet the office hands to departments: every KPI of the measures under way (as the entry form lists
/// them) with its unit, baseline, target and the four quarters before for reference, and a column for the quarter's figure.
/// The plan and quarter sit in fixed cells, so that the upload knows what the sheet was made for; the layout is fixed.
/// </summary>
public static class QuarterSheet
{
    public const string Sheet = "実績値";
    public const int HeaderRow = 8;
    public const int KpiColumn = 4;
    public const int RecordedColumn = 13;
    public const int ValueColumn = 14;
    public const int NoteColumn = 15;
    private const int Previous = 4;

    /// <summary>The KPIs a quarter takes figures for: those of measures started and not cancelled, as the entry form has them.</summary>
    public static IEnumerable<(KpiView Kpi, MeasureView Measure)> Rows(PlanView plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var measures = plan.Measures.Where(m => m.StartedOn is not null && m.Lifecycle != MeasureLifecycle.Cancelled).ToList();
        return measures.SelectMany(m => plan.Kpis.Where(k => k.MeasureId == m.MeasureId).Select(k => (k, m)));
    }

    public static byte[] Write(PlanView plan, FiscalQuarter quarter)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var sheet = new XSheet(Sheet) { FrozenRows = HeaderRow, PrintTitleRows = (HeaderRow, HeaderRow) };
        sheet.Widths.AddRange([9, 30, 12, 9, 34, 7, 11, 16, 11, 11, 11, 11, 11, 14, 24]);
        sheet.Row(XCell.Of($"実績値の記入シート　{quarter.Display}", CellStyle.Title));
        sheet.Row(XCell.Of("計画ID", CellStyle.Header), XCell.Of(plan.PlanId, CellStyle.Text));
        sheet.Row(XCell.Of("計画名", CellStyle.Header), XCell.Of(plan.Title, CellStyle.Text));
        sheet.Row(XCell.Of("年度（西暦）", CellStyle.Header), XCell.Of(quarter.Year.Year, CellStyle.Number), XCell.Of(quarter.Year.Wareki));
        sheet.Row(XCell.Of("四半期", CellStyle.Header), XCell.Of(quarter.Number, CellStyle.Number), XCell.Of($"{quarter.Start:yyyy年M月d日}〜{quarter.End:yyyy年M月d日}"));
        sheet.Row(XCell.Of("自治体", CellStyle.Header), XCell.Of(plan.Municipality.Name, CellStyle.Text));
        sheet.Row(XCell.Of("記入のしかた：黄色の欄「今期の実績値」に数値を入力します（数式は使えません）。記録済みの値がある行は、訂正のページから理由を添えて訂正してください。このシートのほかの欄は変えないでください。"));
        var previous = new List<FiscalQuarter>();
        for (var q = quarter.Previous; previous.Count < Previous; q = q.Previous)
            previous.Insert(0, q);
        sheet.Header([
            "施策ID", "施策名", "担当課", "指標ID", "数値目標", "単位", "基準値", "目標値（年度）",
            .. previous.Select(q => $"{q.Year.Year} Q{q.Number}（参考）"),
            "記録済みの値", $"今期の実績値（{quarter.Year.Year} Q{quarter.Number}）", "備考"]);
        foreach (var (kpi, measure) in Rows(plan))
        {
            decimal? Figure(FiscalQuarter q) => kpi.Figures.FirstOrDefault(f => f.FiscalYear == q.Year.Year && f.Quarter == q.Number)?.Value;
            sheet.Row([
                XCell.Of(measure.MeasureId, CellStyle.Text), XCell.Of(measure.Title, CellStyle.Wrap), XCell.Of(measure.Department, CellStyle.Wrap),
                XCell.Of(kpi.KpiId, CellStyle.Text), XCell.Of(kpi.Name, CellStyle.Wrap), XCell.Of(kpi.Unit, CellStyle.Text),
                XCell.Of(kpi.Baseline is { } b ? $"{Labels.Number(b.Value, true)}（{b.FiscalYear}）" : null, CellStyle.Text),
                XCell.Of(kpi.Target.Value is { } t ? $"{Labels.Number(t, true)}（{kpi.Target.FiscalYear}）" : $"達成（{kpi.Target.FiscalYear}）", CellStyle.Text),
                .. previous.Select(q => XCell.Of(Figure(q), CellStyle.Number)),
                XCell.Of(Figure(quarter), CellStyle.Number),
                XCell.Of((decimal?)null, CellStyle.Input), XCell.Of((string?)null, CellStyle.InputText),
            ]);
        }
        return XlsxWriter.Write([sheet]);
    }

    /// <summary>The sheet's plan, quarter and rows as written; the problems are those of the sheet's own layout.</summary>
    public static QuarterSheetUpload Read(IReadOnlyDictionary<string, XGrid> sheets)
    {
        ArgumentNullException.ThrowIfNull(sheets);
        if (!sheets.TryGetValue(Sheet, out var grid))
            return new(null, null, [], [new WorkbookProblem(Sheet, new SheetMissing(Sheet))]);
        var problems = new List<WorkbookProblem>();
        foreach (var ((row, column), value) in grid.Cells.Where(c => c.Value.IsFormula).OrderBy(c => c.Key))
            problems.Add(new WorkbookProblem(grid.At(row, column), new FormulaInCell()));
        var planId = grid[2, 2]?.Text.Trim();
        if (string.IsNullOrEmpty(planId))
            problems.Add(new WorkbookProblem(grid.At(2, 2), new NotAQuarterSheet()));
        int? Whole(int row) => grid[row, 2] is { IsFormula: false } v && int.TryParse(v.Text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;
        FiscalQuarter? quarter = Whole(4) is { } year && FiscalYear.IsValid(year) && Whole(5) is { } number && number is >= 1 and <= 4 ? new FiscalQuarter(year, number) : null;
        if (quarter is null)
            problems.Add(new WorkbookProblem(grid.At(4, 2), new NotAQuarterSheet()));
        var rows = new List<QuarterSheetRow>();
        for (var r = HeaderRow + 1; r <= grid.LastRow; r++)
        {
            if (grid.RowEmpty(r, NoteColumn))
                continue;
            var kpi = grid[r, KpiColumn]?.Text.Trim() ?? "";
            var note = grid[r, NoteColumn] is { IsFormula: false } n && n.Text.Trim() is { Length: > 0 } t ? t : null;
            rows.Add(new QuarterSheetRow(r, kpi, grid[r, ValueColumn], grid.At(r, ValueColumn), note));
        }
        return new(planId, quarter, rows, problems);
    }

    /// <summary>A figure as written: a number cell as stored, text as a person types it (全角 digits, separators).</summary>
    public static decimal? Number(XValue value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value.IsNumber && decimal.TryParse(value.Text, NumberStyles.Float, CultureInfo.InvariantCulture, out var stored)
            ? stored : Web.Forms.Number(value.Text);
    }
}

public sealed record NotAQuarterSheet() : Text("workbook-not-a-quarter-sheet",
    "実績値の記入シートの形になっていません。計画ID・年度・四半期の欄は、ダウンロードしたときのままにしてください。",
    "This is not a quarter figure sheet as downloaded: keep the plan id, fiscal year and quarter cells as they were.");

public sealed record SheetForAnotherPlan(string Written, string PlanId) : Text("workbook-other-plan",
    $"このシートは計画「{Written}」のものです。計画「{PlanId}」のシートをダウンロードして記入してください。",
    $"This sheet is for the plan '{Written}'. Download the sheet of the plan '{PlanId}' and fill that in.");

public sealed record KpiNotInSheetQuarter(string KpiId) : Text("workbook-unknown-kpi",
    $"指標ID「{KpiId}」は、この計画の実施中の施策の数値目標にありません。指標ID の欄は変えないでください。",
    $"The KPI id '{KpiId}' is not a KPI of a measure under way in this plan. Keep the KPI id cells as they were.");

public sealed record KpiTwiceInSheet(string KpiId, string First) : Text("workbook-kpi-twice",
    $"指標ID「{KpiId}」の行が二つあります（最初は {First}）。一つにしてください。",
    $"The KPI id '{KpiId}' has two rows (the first at {First}). Keep one.");

/// <summary>The quarter has its figure already: the way to the correction, since a sheet cannot carry a reason.</summary>
public sealed record SheetQuarterHasFigure(FiscalQuarter Quarter, decimal Existing, string CorrectionPath) : Text("figure-already-recorded",
    $"{Quarter.Display}の実績値は既に {Labels.Number(Existing, true)} が記録されています。変更するときは、訂正のページ（{CorrectionPath}）から理由を添えて訂正してください。",
    $"{Quarter.Display} already has the figure {Existing.ToString(CultureInfo.InvariantCulture)}. To change it, correct it with a reason at {CorrectionPath}.");

public sealed record NoFigureInSheet() : Text("workbook-nothing-entered",
    "「今期の実績値」の欄に入力された数値がありません。",
    "No figure was entered in the quarter's column.");
