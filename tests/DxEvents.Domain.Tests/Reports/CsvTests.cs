using System.Text;
using DxEvents.Domain.Kpis;
using DxEvents.Domain.Measures;
using DxEvents.Domain.Plans;
using DxEvents.Domain.Reports.Csv;
using DxEvents.Domain.Status;
using DxEvents.Domain.Tests.Status;
using static DxEvents.Domain.Tests.Reports.Timeline;
using static DxEvents.Domain.Tests.Status.StatusFixture;

namespace DxEvents.Domain.Tests.Reports;

public class CsvTests
{
    private static readonly Municipality Mima = new("美馬市", "徳島県", "362077");

    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("a,b", "\"a,b\"")]
    [InlineData("say \"hi\"", "\"say \"\"hi\"\"\"")]
    [InlineData("two\r\nlines", "\"two\r\nlines\"")]
    [InlineData("改行\nだけ", "\"改行\nだけ\"")]
    [InlineData("", "")]
    public void Cells_are_quoted_as_RFC_4180_says(string cell, string written) => Assert.Equal(written, CsvTable.Quote(cell));

    [Theory]
    [InlineData("=1+1", "'=1+1")]
    [InlineData("=HYPERLINK(\"http://x\",\"click\")", "\"'=HYPERLINK(\"\"http://x\"\",\"\"click\"\")\"")]
    [InlineData("+81 3", "'+81 3")]
    [InlineData("-2+3", "'-2+3")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("\tx", "'\tx")]
    [InlineData("\rx", "\"'\rx\"")]
    [InlineData("a=b", "a=b")]
    [InlineData("補正=増額", "補正=増額")]
    public void Text_cells_that_begin_like_a_formula_get_a_single_quote_in_front(string text, string written)
    {
        var table = new CsvTable(["x"]);
        table.Add(text);

        Assert.Equal($"x\r\n{written}\r\n", table.ToString());
    }

    [Fact]
    public void Negative_numbers_stay_numbers_only_text_is_neutralised()
    {
        var table = new CsvTable(["a", "b", "c"]);
        table.Add(-12.5m, -1268L, "-12.5");

        Assert.Equal("a,b,c\r\n-12.5,-1268,'-12.5\r\n", table.ToString());
    }

    [Fact]
    public void The_file_is_UTF8_with_a_BOM_and_every_record_ends_with_CRLF()
    {
        var table = new CsvTable(["年度_西暦(fiscal year)", "事業費（千円）(total)"]);
        table.Add(2025, 1268L);
        table.Add(null, 3.50m);

        var bytes = table.ToUtf8WithBom();

        Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]);
        Assert.Equal("年度_西暦(fiscal year),事業費（千円）(total)\r\n2025,1268\r\n,3.5\r\n", Encoding.UTF8.GetString(bytes[3..]));
        Assert.Throws<ArgumentException>(() => table.Add(1));
    }

    [Fact]
    public void Instants_are_written_in_Japan_time_with_their_offset_and_dates_as_yyyy_MM_dd()
    {
        Assert.Equal("2024-10-10T09:30:00.123456+09:00", CsvTable.Format(new DateTimeOffset(2024, 10, 10, 0, 30, 0, TimeSpan.Zero).AddTicks(1234560)));
        Assert.Equal("2024-04-01", CsvTable.Format(D(2024, 4, 1)));
    }

    [Fact]
    public void A_status_report_has_one_row_per_kpi_with_the_municipality_code_and_seireki_beside_wareki()
    {
        var view = History.View([
            ((PlanAdopted)Opening[0]) with { Municipality = Mima }, .. Opening[1..], Started(),
            Kpi("k1", KpiKind.Level, 100m, 2025, baseline: new KpiBaseline(10m, 2022)), Figure("k1", 2024, 1, 40m),
            Kpi("k2", KpiKind.Flow, 200m, 2025, from: 2023)]);
        var report = StatusRule.Evaluate(view, D(2024, 8, 1), Tolerances.Default);

        var rows = Parse(StatusCsv.Kpis(report).ToString());

        Assert.Equal(3, rows.Count);
        var row = Columns(rows, 1);
        Assert.Equal(("362077", "徳島県", "美馬市", "plan-x", "2024-08-01"),
            (row["全国地方公共団体コード(municipality code)"], row["都道府県名(prefecture)"], row["市区町村名(municipality)"], row["計画ID(plan id)"], row["報告基準日(reporting date)"]));
        Assert.Equal(("k1", "人", "level", "10", "2022", "令和4年度", "100", "2025", "令和7年度"),
            (row["指標ID(kpi id)"], row["単位(unit)"], row["種別(kind)"], row["現状値(baseline)"], row["現状値年度_西暦(baseline fiscal year)"],
             row["現状値年度_和暦(baseline fiscal year, wareki)"], row["目標値(target)"], row["目標年度_西暦(target fiscal year)"], row["目標年度_和暦(target fiscal year, wareki)"]));
        // From the end of FY2022 to 2024-08-01: 489 of 1096 days, e = 0.4462; p = (40 − 10) / (100 − 10) = 0.3333 ≥ e − 0.25: at_risk.
        Assert.Equal(("2024", "令和6年度", "1", "40", "0.3333", "0.4462", "要注意", "at_risk", "0.1", "0.25"),
            (row["最新実績年度_西暦(latest fiscal year)"], row["最新実績年度_和暦(latest fiscal year, wareki)"], row["最新実績四半期(latest quarter)"],
             row["実績値(value)"], row["進捗率(progress)"], row["期待進捗率(expected)"], row["評価(status)"], row["評価コード(status code)"],
             row["許容幅_順調(on-track tolerance)"], row["許容幅_要注意(at-risk tolerance)"]));
        var flow = Columns(rows, 2);
        Assert.Equal(("2023", "令和5年度", "", ""), (flow["集計開始年度_西暦(window from)"], flow["集計開始年度_和暦(window from, wareki)"],
            flow["現状値(baseline)"], flow["現状値年度_和暦(baseline fiscal year, wareki)"]));
    }

    [Fact]
    public void Every_row_says_the_date_the_rule_was_applied_at_and_whether_it_is_the_final_evaluation()
    {
        var view = History.View([.. Opening, Started(), Kpi("k1", KpiKind.Level, 240m, 2025), Figure("k1", 2025, 4, 230m)]);
        string[] columns = ["報告基準日(reporting date)", "評価時点(effective date)", "最終評価(final evaluation)", "評価(status)"];

        // The plan ends on 2026-03-31: read on 2026-12-06 it is judged at its end (230 / 240 ≥ 1 − 0.10: on_track).
        var ended = Columns(Parse(StatusCsv.Kpis(StatusRule.Evaluate(view, D(2026, 12, 6), Tolerances.Default)).ToString()), 1);
        var during = Columns(Parse(StatusCsv.Kpis(StatusRule.Evaluate(view, D(2025, 12, 1), Tolerances.Default)).ToString()), 1);

        Assert.Equal(["2026-12-06", "2026-03-31", "1", "順調"], columns.Select(c => ended[c]));
        Assert.Equal(["2025-12-01", "2025-12-01", "0"], columns[..3].Select(c => during[c]));
    }

    [Fact]
    public void The_budget_table_has_one_row_per_measure_and_year_in_thousand_yen_with_undetermined_years_left_blank()
    {
        var view = History.View([.. Opening, new BudgetPlanned(Plan, "m01", 2023, new BudgetFigures(3388, 3398, []), false, null),
            new BudgetPlanned(Plan, "m01", 2024, null, true, "比較結果により事業費決定"),
            new BudgetRevised(Plan, "m01", 2023, new BudgetFigures(3500, 3500, []), new BudgetFigures(3388, 3398, []), "補正")]);

        var rows = Parse(StatusCsv.Budget(StatusRule.Evaluate(view, D(2024, 8, 1), Tolerances.Default)).ToString());

        Assert.Equal(("2023", "令和5年度", "3388", "3500", "112", "0", "0"), Cells(Columns(rows, 1)));
        Assert.Equal(("2024", "令和6年度", "", "", "", "1", "1"), Cells(Columns(rows, 2)));

        static (string, string, string, string, string, string, string) Cells(Dictionary<string, string> r) =>
            (r["年度_西暦(fiscal year)"], r["年度_和暦(fiscal year, wareki)"], r["当初事業費（千円）(planned total)"], r["現行事業費（千円）(current total)"],
             r["増減（千円）(difference)"], r["当初未定(planned undetermined)"], r["現行未定(current undetermined)"]);
    }

    [Fact]
    public void A_history_row_per_event_links_a_correction_to_the_figure_it_corrects_and_keeps_text_with_commas_and_newlines()
    {
        var t = new Timeline();
        var measured = t.Add(Jst(2024, 7, 10), Figure("k1", 2024, 1, 30m), "sato");
        t.Add(Jst(2024, 7, 11), new KpiMeasurementCorrected(Plan, "k1", "m01", 2024, 1, 33m, 30m, "集計誤り, 再集計\n（担当課より）"), "suzuki",
            "集計誤り, 再集計\n（担当課より）");
        t.Add(Jst(2024, 7, 12), new BudgetRevised(Plan, "m01", 2024, Yen(1200), Yen(1000), "補正予算"), "office", "補正予算");

        var rows = Parse(HistoryCsv.Write(t.Envelopes, Mima).ToString());

        Assert.Equal(4, rows.Count);
        var correction = Columns(rows, 2);
        Assert.Equal(("362077", "2", "2024-07-11T10:00:00.000000+09:00", "plan/plan-x/kpi/k1", "KpiMeasurementCorrected", "実績値の訂正"),
            (correction["全国地方公共団体コード(municipality code)"], correction["連番(sequence)"], correction["記録日時(recorded at)"],
             correction["ストリーム(stream)"], correction["イベント種別(event type)"], correction["内容(what)"]));
        Assert.Equal(("2024", "令和6年度", "1", "33", "30", measured.ToString(System.Globalization.CultureInfo.InvariantCulture), "suzuki", "集計誤り, 再集計\n（担当課より）"),
            (correction["年度_西暦(fiscal year)"], correction["年度_和暦(fiscal year, wareki)"], correction["四半期(quarter)"], correction["実績値(figure)"],
             correction["変更前の実績値(previous figure)"], correction["訂正対象の連番(corrects sequence)"], correction["記録者(actor)"], correction["理由(reason)"]));
        var budget = Columns(rows, 3);
        Assert.Equal(("1200", "1000", "m01", ""), (budget["事業費（千円）(budget total)"], budget["変更前の事業費（千円）(previous budget total)"],
            budget["施策ID(measure id)"], budget["指標ID(kpi id)"]));
        Assert.StartsWith("{\"planId\":\"plan-x\"", budget["データ(data, JSON)"], StringComparison.Ordinal);
    }

    private static Dictionary<string, string> Columns(List<List<string>> rows, int row) =>
        rows[0].Zip(rows[row]).ToDictionary(p => p.First, p => p.Second);

    /// <summary>An RFC 4180 reader, independent of the writer, so that the tests read what a spreadsheet would.</summary>
    internal static List<List<string>> Parse(string text)
    {
        var rows = new List<List<string>>();
        var (row, cell, quoted) = (new List<string>(), new StringBuilder(), false);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"') { cell.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else cell.Append(c);
            }
            else if (c == '"') quoted = true;
            else if (c == ',') { row.Add(cell.ToString()); cell.Clear(); }
            else if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
            {
                row.Add(cell.ToString());
                rows.Add(row);
                (row, cell) = ([], new StringBuilder());
                i++;
            }
            else if (c is '\r' or '\n') Assert.Fail($"A bare line break outside quotes at {i}: records end with CRLF.");
            else cell.Append(c);
        }
        Assert.True(row.Count == 0 && cell.Length == 0, "the last record ends with CRLF");
        Assert.All(rows, r => Assert.Equal(rows[0].Count, r.Count));
        return rows;
    }
}
