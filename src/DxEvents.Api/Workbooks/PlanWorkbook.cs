using System.Globalization;
using System.Text.Json.Nodes;
using DxEvents.Domain.Fiscal;
using DxEvents.Domain.Kpis;
using DxEvents.Domain.Plans.Import;
using DxEvents.Domain.Status;
using DxEvents.Domain.Texts;

namespace DxEvents.Api.Workbooks;

/// <summary>A filled plan workbook turned into the plan document (dxevents.plan/v1) the domain's reader reads, with the cell each
/// JSON pointer came from, so that the reader's problems are told at their cells. Problems are the workbook's own (a KPI row
/// naming no measure of the 施策 sheet, a formula): when there are any, the document is not read.</summary>
public sealed record PlanWorkbookDocument(JsonObject Document, IReadOnlyDictionary<string, string> Cells, IReadOnlyList<WorkbookProblem> Problems)
{
    /// <summary>The cell a pointer names, or that of the nearest enclosing value ("/measures/2/target/value" → the KPI's target
    /// cell or its row); "" for the document as a whole.</summary>
    public string CellOf(string pointer)
    {
        for (var p = pointer ?? ""; p.Length > 0; p = p[..p.LastIndexOf('/')])
        {
            if (Cells.TryGetValue(p, out var cell))
                return cell;
        }
        return "";
    }
}

/// <summary>
/// The plan as a workbook: one sheet each for the plan, pillars, measures, KPIs, budgets (事業費 and 財源) and schedule, with
/// Japanese headings, input lists and 千円 number formats, and a sheet explaining every column with an example. The workbook
/// is only another spelling of the plan document: <see cref="Read"/> maps it to the document and the import runs the domain's
/// own reader on it (PlanDocumentReader), so the rules exist once.
/// </summary>
public static class PlanWorkbook
{
    public const string PlanSheet = "計画";
    public const string PillarSheet = "基本方針";
    public const string MeasureSheet = "施策";
    public const string KpiSheet = "数値目標";
    public const string BudgetSheet = "事業費";
    public const string FundingSheet = "財源";
    public const string ScheduleSheet = "スケジュール";
    public const string GuideSheet = "記入方法";
    public const string Undetermined = "未定";

    /// <summary>A column: its heading, the document field it fills (a path below the row's object), whether it is a number,
    /// whether it must be filled, what to write, an example and its width.</summary>
    private sealed record Col(string Heading, string Field, bool Number, bool Required, string Help, string Example, double Width = 14);

    /// <summary>The plan sheet is one value per row (B), in this order.</summary>
    private static readonly Col[] PlanRows =
    [
        new("自治体の識別子", "tenant", false, true, "DxEvents での自治体の識別子（英小文字・数字・ハイフン、2〜40字）。取り込み先の自治体と同じにします。", "mima"),
        new("自治体名", "municipality/name", false, true, "計画に印刷されている自治体名。", "美馬市"),
        new("都道府県", "municipality/prefecture", false, true, "都道府県名。", "徳島県"),
        new("全国地方公共団体コード", "municipality/code", false, false, "6桁の団体コード（分かれば）。", "362077"),
        new("計画ID", "plan/id", false, true, "計画の識別子（英小文字・数字・ハイフン、40字まで）。", "mima-dx"),
        new("計画名", "plan/title", false, true, "印刷されている計画名のとおりに。", "美馬市DX推進計画"),
        new("策定年月", "plan/adopted", false, true, "策定（公表）の年月 YYYY-MM、日まで分かれば YYYY-MM-DD。", "2023-03"),
        new("計画期間（開始年度）", "plan/period/fromFiscalYear", true, true, "計画期間の最初の年度（西暦、4月始まり）。", "2023"),
        new("計画期間（終了年度）", "plan/period/toFiscalYear", true, true, "計画期間の最後の年度（西暦）。", "2025"),
        new("基本理念", "plan/vision", false, false, "目指す姿・基本理念（あれば）。", "誰一人取り残さない、人に優しいデジタル化"),
        new("金額の単位", "plan/amountUnit", false, false, "金額の単位。千円のみ使えます。", "千円"),
    ];

    private static readonly Col[] PillarCols =
    [
        new("ID", "id", false, true, "基本方針（重点施策）の識別子（英小文字・数字・ハイフン）。施策シートの「基本方針ID」で参照します。", "p1", 10),
        new("名称", "title", false, true, "印刷されている名称のとおりに。", "マイナンバーカードの普及促進と行政手続きのスマート化", 70),
    ];

    private static readonly Col[] MeasureCols =
    [
        new("ID", "id", false, true, "施策の識別子（英小文字・数字・ハイフン）。", "m01", 10),
        new("基本方針ID", "pillar", false, true, "この施策が属する基本方針の ID（基本方針シート）。", "p1", 12),
        new("名称", "title", false, true, "施策名（印刷のとおり）。", "スマート申請・窓口システムの導入と拡張", 40),
        new("概要", "summary", false, false, "施策の概要（あれば）。", "簡易な行政手続きをオンラインで申請できるようにする。", 50),
        new("担当課", "department", false, false, "担当課（あれば）。", "総務課", 14),
    ];

    private static readonly Col[] KpiCols =
    [
        new("施策ID", "", false, true, "この数値目標が属する施策の ID（施策シート）。", "m01", 10),
        new("ID", "id", false, true, "数値目標の識別子（計画全体で重複しないこと）。", "k01", 10),
        new("名称", "name", false, true, "数値目標（KPI）の名称。", "スマート申請・窓口システムの利用者数", 36),
        new("単位", "unit", false, false, "人、件、% など（達成／未達成の目標は空欄）。", "人", 8),
        new("種類", "kind", false, true, "一覧から選びます：level（水準：最新の値）、flow（期間の量：合計）、rate（割合）、milestone（達成／未達成）。", "flow（期間の量）", 18),
        new("向き", "direction", false, false, "一覧から：increase（増やす）、decrease（減らす）。milestone 以外は必須。", "increase（増やす）", 16),
        new("四半期の集計", "combine", false, false, "種類の決まりと違う集計にするときだけ：latest（最新の値）、sum（合計）、average（平均）。", "", 16),
        new("基準値", "baseline/value", true, false, "基準値（あれば）。書くときは基準値の年度も。", "120", 10),
        new("基準値の年度", "baseline/fiscalYear", true, false, "基準値の年度（西暦）。", "2021", 10),
        new("目標値", "target/value", true, false, "目標値。milestone では空欄。", "300", 10),
        new("目標年度", "target/fiscalYear", true, true, "目標の年度（西暦）。", "2024", 10),
        new("目標の起点年度", "target/fromFiscalYear", true, false, "flow の目標を数え始める年度（「令和4〜6年度の利用者数」なら 2022）。", "2022", 10),
        new("備考", "note", false, false, "計画に書かれた注記など。", "令和4～6年度の利用者数 300人", 30),
    ];

    private static readonly Col[] BudgetCols =
    [
        new("施策ID", "", false, true, "事業費の施策の ID（施策シート）。", "m01", 10),
        new("年度", "fiscalYear", true, true, "年度（西暦）。施策ごとに 1 行。", "2023", 10),
        new("事業費（千円）", "total", true, false, "事業費、千円単位の整数。未定の年度は空欄。", "3388", 14),
        new("うち一般財源（千円）", "generalFunds", true, false, "一般財源、千円単位の整数。未定の年度は空欄。", "3398", 14),
        new("未定", "undetermined", false, false, "金額が未定の年度は「未定」を選び、金額と財源は書きません。", "", 8),
        new("備考", "note", false, false, "注記（あれば）。", "", 30),
    ];

    private static readonly Col[] FundingCols =
    [
        new("施策ID", "", false, true, "財源の施策の ID。", "m01", 10),
        new("年度", "", true, true, "財源の年度。事業費シートに同じ施策・年度の行が必要です。", "2023", 10),
        new("財源", "source", false, true, "財源の名称（交付金、補助金など）。", "交付金", 20),
        new("金額（千円）", "amount", true, true, "千円単位の整数。", "1496", 14),
    ];

    private static readonly Col[] ScheduleCols =
    [
        new("施策ID", "", false, true, "工程の施策の ID。", "m01", 10),
        new("ID", "id", false, true, "工程の識別子（施策の中で重複しないこと）。", "s1", 10),
        new("名称", "title", false, true, "工程の名称。", "システム構築", 36),
        new("開始年度", "fromFiscalYear", true, true, "工程の開始年度（西暦）。", "2023", 10),
        new("終了年度", "toFiscalYear", true, false, "工程の終了年度（続けるものは空欄）。", "2025", 10),
    ];

    private static readonly string[] Kinds = ["level（水準）", "flow（期間の量）", "rate（割合）", "milestone（達成）"];
    private static readonly string[] Directions = ["increase（増やす）", "decrease（減らす）"];
    private static readonly string[] Combines = ["latest（最新の値）", "sum（合計）", "average（平均）"];

    /// <summary>The template: every sheet with its headings and input rules, no plan in it.</summary>
    public static byte[] Template() => XlsxWriter.Write(Sheets(null, null));

    /// <summary>A stored plan as adopted (its opening figures; revisions are events of their own) in the template's layout.</summary>
    public static byte[] Export(PlanView plan, string tenant)
    {
        ArgumentNullException.ThrowIfNull(plan);
        return XlsxWriter.Write(Sheets(plan, tenant));
    }

    private static List<XSheet> Sheets(PlanView? plan, string? tenant)
    {
        var planSheet = new XSheet(PlanSheet) { FrozenRows = 1, Landscape = false };
        planSheet.Widths.AddRange([26, 50, 60]);
        planSheet.Header("項目", "値", "記入のしかた");
        var values = plan is null ? [] : new[]
        {
            tenant, plan.Municipality.Name, plan.Municipality.Prefecture, plan.Municipality.Code, plan.PlanId, plan.Title, plan.Adopted,
            plan.FromFiscalYear.ToString(CultureInfo.InvariantCulture), plan.ToFiscalYear.ToString(CultureInfo.InvariantCulture), plan.Vision, plan.AmountUnit,
        };
        for (var i = 0; i < PlanRows.Length; i++)
        {
            var row = PlanRows[i];
            var value = values.ElementAtOrDefault(i);
            planSheet.Row(XCell.Of(row.Heading + (row.Required ? "（必須）" : ""), CellStyle.Header),
                row.Number ? XCell.Of(value is null ? null : decimal.Parse(value, CultureInfo.InvariantCulture), CellStyle.Input) : XCell.Of(value, CellStyle.InputText),
                XCell.Of(row.Help, CellStyle.Wrap));
        }
        planSheet.Validations.Add(new XValidation("B12", ["千円"]));
        planSheet.Validations.Add(new XValidation("B9:B10", Min: FiscalYear.MinYear, Max: FiscalYear.MaxYear, Prompt: "年度（西暦）"));

        var pillars = Table(PillarSheet, PillarCols, plan?.Pillars.OrderBy(p => p.Order).Select(p => Cells(p.PillarId, p.Title)));
        var measures = Table(MeasureSheet, MeasureCols, plan?.Measures.Select(m => Cells(m.MeasureId, m.PillarId, m.Title, m.Summary, m.Department)));
        var kpis = Table(KpiSheet, KpiCols, plan?.Measures.SelectMany(m => plan.Kpis.Where(k => k.MeasureId == m.MeasureId)).Select(KpiRow));
        kpis.Validations.Add(new XValidation($"E2:E{XlsxReader.MaxRows}", Kinds));
        kpis.Validations.Add(new XValidation($"F2:F{XlsxReader.MaxRows}", Directions));
        kpis.Validations.Add(new XValidation($"G2:G{XlsxReader.MaxRows}", Combines));
        kpis.Validations.Add(Years("I2:I", "K2:K", "L2:L"));
        var budgetLines = plan?.Measures.SelectMany(m => m.Budget.Where(b => b.InPlan).Select(b => (m.MeasureId, Year: b))).ToList() ?? [];
        var budget = Table(BudgetSheet, BudgetCols, budgetLines.Select(x => (IReadOnlyList<XCell>)
        [
            XCell.Of(x.MeasureId, CellStyle.InputText), XCell.Of(x.Year.FiscalYear, CellStyle.Input),
            XCell.Of(x.Year.Planned?.Total, CellStyle.Amount), XCell.Of(x.Year.Planned?.GeneralFunds, CellStyle.Amount),
            XCell.Of(x.Year.PlannedUndetermined ? Undetermined : null, CellStyle.InputText), XCell.Of(x.Year.PlannedNote, CellStyle.InputText),
        ]));
        budget.Validations.Add(new XValidation($"E2:E{XlsxReader.MaxRows}", [Undetermined]));
        budget.Validations.Add(Years("B2:B"));
        var funding = Table(FundingSheet, FundingCols, budgetLines.SelectMany(x => (x.Year.Planned?.Funding ?? []).Select(f => (IReadOnlyList<XCell>)
        [
            XCell.Of(x.MeasureId, CellStyle.InputText), XCell.Of(x.Year.FiscalYear, CellStyle.Input), XCell.Of(f.Source, CellStyle.InputText), XCell.Of(f.Amount, CellStyle.Amount),
        ])));
        funding.Validations.Add(Years("B2:B"));
        var schedule = Table(ScheduleSheet, ScheduleCols, plan?.Measures.SelectMany(m => m.Schedule.Select(s => (IReadOnlyList<XCell>)
        [
            XCell.Of(m.MeasureId, CellStyle.InputText), XCell.Of(s.ItemId, CellStyle.InputText), XCell.Of(s.Title, CellStyle.InputText),
            XCell.Of(s.FromFiscalYear, CellStyle.Input), XCell.Of(s.ToFiscalYear, CellStyle.Input),
        ])));
        schedule.Validations.Add(Years("D2:D", "E2:E"));
        return [planSheet, pillars, measures, kpis, budget, funding, schedule, Guide()];
    }

    private static XValidation Years(params string[] columns) =>
        new(string.Join(' ', columns.Select(c => c + XlsxReader.MaxRows)), Min: FiscalYear.MinYear, Max: FiscalYear.MaxYear, Prompt: "年度（西暦）");

    private static IReadOnlyList<XCell> Cells(params string?[] texts) => [.. texts.Select(t => XCell.Of(t, CellStyle.InputText))];

    private static IReadOnlyList<XCell> KpiRow(KpiView k) =>
    [
        XCell.Of(k.MeasureId, CellStyle.InputText), XCell.Of(k.KpiId, CellStyle.InputText), XCell.Of(k.Name, CellStyle.InputText), XCell.Of(k.Unit, CellStyle.InputText),
        XCell.Of(Choice(k.Kind, Kinds), CellStyle.InputText),
        XCell.Of(k.Kind == KpiKind.Milestone && k.Direction == KpiDirection.Increase ? null : Choice(k.Direction, Directions), CellStyle.InputText),
        XCell.Of(k.Combine is { } c ? Choice(c, Combines) : null, CellStyle.InputText),
        XCell.Of(k.PlannedBaseline?.Value, CellStyle.Input), XCell.Of(k.PlannedBaseline?.FiscalYear, CellStyle.Input),
        XCell.Of(k.PlannedTarget.Value, CellStyle.Input), XCell.Of(k.PlannedTarget.FiscalYear, CellStyle.Input), XCell.Of(k.PlannedTarget.FromFiscalYear, CellStyle.Input),
        XCell.Of(k.Note, CellStyle.InputText),
    ];

    private static string Choice<T>(T value, string[] labels)
        where T : struct, Enum
    {
        var code = value.ToString().ToLowerInvariant();
        return labels.FirstOrDefault(l => Code(l) == code) ?? code;
    }

    /// <summary>"flow（期間の量）" → "flow": the list shows the word beside the code; the document takes the code.</summary>
    private static string Code(string label)
    {
        var cut = label.IndexOfAny(['（', '(']);
        return (cut < 0 ? label : label[..cut]).Trim();
    }

    private static XSheet Table(string name, Col[] columns, IEnumerable<IReadOnlyList<XCell>>? rows)
    {
        var sheet = new XSheet(name) { FrozenRows = 1, PrintTitleRows = (1, 1) };
        sheet.Widths.AddRange(columns.Select(c => c.Width));
        sheet.Header([.. columns.Select(c => c.Heading + (c.Required ? "（必須）" : ""))]);
        foreach (var row in rows ?? [])
            sheet.Rows.Add(row);
        return sheet;
    }

    private static XSheet Guide()
    {
        var sheet = new XSheet(GuideSheet) { FrozenRows = 3, PrintTitleRows = (3, 3) };
        sheet.Widths.AddRange([14, 8, 24, 8, 70, 30]);
        sheet.Row(XCell.Of("DX推進計画の記入方法", CellStyle.Title));
        sheet.Row(XCell.Of("各シートの1行目は見出しです。2行目から1行に1件ずつ記入します。金額は千円単位、年度は西暦（4月始まり）で書きます。数式は使えません（値を入力してください）。"));
        sheet.Header("シート", "列", "項目", "必須", "記入のしかた", "例");
        foreach (var (i, row) in PlanRows.Index())
            sheet.Row(XCell.Of(PlanSheet, CellStyle.Wrap), XCell.Of($"B{i + 2}", CellStyle.Wrap), XCell.Of(row.Heading, CellStyle.Wrap),
                XCell.Of(row.Required ? "必須" : "", CellStyle.Wrap), XCell.Of(row.Help, CellStyle.Wrap), XCell.Of(row.Example, CellStyle.Text));
        foreach (var (name, columns) in new[] { (PillarSheet, PillarCols), (MeasureSheet, MeasureCols), (KpiSheet, KpiCols), (BudgetSheet, BudgetCols), (FundingSheet, FundingCols), (ScheduleSheet, ScheduleCols) })
        {
            foreach (var (i, column) in columns.Index())
                sheet.Row(XCell.Of(name, CellStyle.Wrap), XCell.Of(Address.Column(i + 1), CellStyle.Wrap), XCell.Of(column.Heading, CellStyle.Wrap),
                    XCell.Of(column.Required ? "必須" : "", CellStyle.Wrap), XCell.Of(column.Help, CellStyle.Wrap), XCell.Of(column.Example, CellStyle.Text));
        }
        return sheet;
    }

    /// <summary>The plan document the workbook spells, every value as written (the reader judges them), and the cell of every pointer.</summary>
    public static PlanWorkbookDocument Read(IReadOnlyDictionary<string, XGrid> sheets)
    {
        ArgumentNullException.ThrowIfNull(sheets);
        var problems = new List<WorkbookProblem>();
        var cells = new Dictionary<string, string>(StringComparer.Ordinal);
        XGrid Sheet(string name)
        {
            if (sheets.TryGetValue(name, out var grid))
                return grid;
            problems.Add(new WorkbookProblem(name, new SheetMissing(name)));
            return new XGrid(name, new Dictionary<(int, int), XValue>());
        }

        var document = new JsonObject { ["format"] = PlanDocumentReader.Format };
        var plan = Sheet(PlanSheet);
        for (var i = 0; i < PlanRows.Length; i++)
            Put(document, "", PlanRows[i], plan, i + 2, 2);
        foreach (var section in new[] { "/municipality", "/plan", "/plan/period" })
            cells.TryAdd(section, plan.At(1, 2));

        var pillars = new JsonArray();
        document["pillars"] = pillars;
        var pillarSheet = Sheet(PillarSheet);
        cells["/pillars"] = pillarSheet.At(1, 1);
        foreach (var row in DataRows(pillarSheet, PillarCols.Length))
            pillars.Add(RowObject($"/pillars/{pillars.Count}", PillarCols, pillarSheet, row));

        var measures = new JsonArray();
        document["measures"] = measures;
        var measureSheet = Sheet(MeasureSheet);
        cells["/measures"] = measureSheet.At(1, 1);
        var byId = new Dictionary<string, (JsonObject Measure, string Pointer)>(StringComparer.Ordinal);
        foreach (var row in DataRows(measureSheet, MeasureCols.Length))
        {
            var pointer = $"/measures/{measures.Count}";
            var measure = RowObject(pointer, MeasureCols, measureSheet, row);
            measures.Add(measure);
            if (Text(measureSheet, row, 1) is { } id)
                byId.TryAdd(id, (measure, pointer));
        }

        Children(Sheet(KpiSheet), KpiCols, "kpis");
        var budgetSheet = Sheet(BudgetSheet);
        var budgetLines = new Dictionary<(string, string), (JsonObject Line, string Pointer)>();
        foreach (var (line, pointer, row) in Children(budgetSheet, BudgetCols, "budget"))
        {
            if (Text(budgetSheet, row, 1) is { } m && Text(budgetSheet, row, 2) is { } y)
                budgetLines.TryAdd((m, y), (line, pointer));
        }
        var fundingSheet = Sheet(FundingSheet);
        foreach (var row in DataRows(fundingSheet, FundingCols.Length))
        {
            if (KeyFormulas(fundingSheet, row, 2))
                continue;
            var key = (Text(fundingSheet, row, 1) ?? "", Text(fundingSheet, row, 2) ?? "");
            if (!budgetLines.TryGetValue(key, out var owner))
            {
                problems.Add(new WorkbookProblem(fundingSheet.At(row, 1), new FundingWithoutBudgetLine(key.Item1, key.Item2)));
                continue;
            }
            if (owner.Line["funding"] is not JsonArray lines)
                owner.Line["funding"] = lines = [];
            cells.TryAdd($"{owner.Pointer}/funding", fundingSheet.At(row, 3));
            lines.Add(RowObject($"{owner.Pointer}/funding/{lines.Count}", FundingCols, fundingSheet, row));
        }
        Children(Sheet(ScheduleSheet), ScheduleCols, "schedule");
        return new PlanWorkbookDocument(document, cells, problems);

        // Rows of a sheet whose first column names their measure, appended to that measure's array in sheet order.
        List<(JsonObject, string, int)> Children(XGrid sheet, Col[] columns, string array)
        {
            var added = new List<(JsonObject, string, int)>();
            foreach (var row in DataRows(sheet, columns.Length))
            {
                if (KeyFormulas(sheet, row, 1))
                    continue;
                if (Text(sheet, row, 1) is not { } measureId || !byId.TryGetValue(measureId, out var owner))
                {
                    problems.Add(new WorkbookProblem(sheet.At(row, 1), new UnknownMeasureRow(Text(sheet, row, 1))));
                    continue;
                }
                if (owner.Measure[array] is not JsonArray items)
                    owner.Measure[array] = items = [];
                cells.TryAdd($"{owner.Pointer}/{array}", sheet.At(row, 1));
                var pointer = $"{owner.Pointer}/{array}/{items.Count}";
                var item = RowObject(pointer, columns, sheet, row);
                items.Add(item);
                added.Add((item, pointer, row));
            }
            return added;
        }

        // The columns that tie a row to its measure (and year) must be values: a formula there is told, and the row set aside.
        bool KeyFormulas(XGrid sheet, int row, int columns)
        {
            var formulas = Enumerable.Range(1, columns).Where(c => sheet[row, c]?.IsFormula == true).ToList();
            problems.AddRange(formulas.Select(c => new WorkbookProblem(sheet.At(row, c), new FormulaInCell())));
            return formulas.Count > 0;
        }

        JsonObject RowObject(string pointer, Col[] columns, XGrid sheet, int row)
        {
            var item = new JsonObject();
            cells[pointer] = sheet.At(row, 1);
            for (var c = 0; c < columns.Length; c++)
            {
                if (columns[c].Field.Length > 0)
                    Put(item, pointer, columns[c], sheet, row, c + 1);
            }
            return item;
        }

        // One cell into the object at its field's path; the pointer of the field (and of the objects on the way) is the cell.
        void Put(JsonObject target, string pointer, Col column, XGrid sheet, int row, int col)
        {
            var path = column.Field.Split('/');
            var here = pointer;
            for (var i = 0; i < path.Length - 1; i++)
            {
                here += "/" + path[i];
                cells.TryAdd(here, sheet.At(row, col));
            }
            cells[$"{here}/{path[^1]}"] = sheet.At(row, col);
            if (sheet[row, col] is not { } value)
                return;
            if (value.IsFormula)
            {
                problems.Add(new WorkbookProblem(sheet.At(row, col), new FormulaInCell()));
                return;
            }
            var parent = target;
            foreach (var step in path[..^1])
            {
                if (parent[step] is not JsonObject next)
                    parent[step] = next = [];
                parent = next;
            }
            var node = Value(column, value);
            if (node is null)
            {
                problems.Add(new WorkbookProblem(sheet.At(row, col), new NotUndeterminedWord()));
                return;
            }
            parent[path[^1]] = node;
        }
    }

    /// <summary>A cell as the document's value: a number as a number (a number typed as text too, 全角 digits and separators
    /// included), a list's "code（word）" as its code, 未定 as true; anything else as the text written, for the reader to judge.</summary>
    private static JsonNode? Value(Col column, XValue value)
    {
        if (column.Field == "undetermined")
            return value.Text.Trim() == Undetermined ? JsonValue.Create(true) : null;
        if (column.Number)
        {
            if (value.IsNumber && decimal.TryParse(value.Text, NumberStyles.Float, CultureInfo.InvariantCulture, out var stored))
                return JsonValue.Create(stored);
            if (Web.Forms.Number(value.Text) is { } typed)
                return JsonValue.Create(typed);
        }
        var text = value.Text.Trim();
        if (column.Field is "kind" or "direction" or "combine")
            text = Code(text);
        return JsonValue.Create(text);
    }


    private static string? Text(XGrid sheet, int row, int column) =>
        sheet[row, column] is { IsFormula: false } v && v.Text.Trim() is { Length: > 0 } t ? t : null;

    private static IEnumerable<int> DataRows(XGrid sheet, int columns) =>
        Enumerable.Range(2, Math.Max(0, sheet.LastRow - 1)).Where(r => !sheet.RowEmpty(r, columns));

    /// <summary>The import's problems told at their cells: the reader's JSON pointers become the cells they were read from.</summary>
    public static IReadOnlyList<WorkbookProblem> AtCells(PlanWorkbookDocument document, IEnumerable<(string Pointer, Text Text)> problems)
    {
        ArgumentNullException.ThrowIfNull(document);
        return [.. problems.Select(p => new WorkbookProblem(document.CellOf(p.Pointer), p.Text))];
    }

    /// <summary>A problem as one line for people: "施策!C12: 必須です".</summary>
    public static string Line(WorkbookProblem problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        return $"{(problem.Cell.Length == 0 ? "（ファイル全体）" : problem.Cell)}: {problem.Text.Ja}";
    }
}

public sealed record UnknownMeasureRow(string? MeasureId) : Text("workbook-unknown-measure",
    MeasureId is null ? "施策ID を書いてください（施策シートの ID）。" : $"施策ID「{MeasureId}」は施策シートにありません。",
    MeasureId is null ? "Write the measure id (an id of the 施策 sheet)." : $"The measure id '{MeasureId}' is not on the 施策 sheet.");

public sealed record FundingWithoutBudgetLine(string MeasureId, string FiscalYear) : Text("workbook-funding-without-budget",
    $"事業費シートに施策「{MeasureId}」の {FiscalYear} 年度の行がありません。財源は事業費の行がある年度にだけ書けます。",
    $"The 事業費 sheet has no line for measure '{MeasureId}' in {FiscalYear}. Funding belongs to a budget line.");

public sealed record NotUndeterminedWord() : Text("workbook-undetermined-word",
    "「未定」を選ぶか、空欄にしてください。", "Choose 未定 or leave the cell empty.");
