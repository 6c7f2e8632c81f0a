using System.Text.Json;
using DxEvents.Api.Tests.Support;
using DxEvents.Testing;
using DxEvents.Api.Workbooks;
using DxEvents.Domain;
using DxEvents.Domain.Plans.Import;
using DxEvents.Domain.Status;

namespace DxEvents.Api.Tests;

/// <summary>The plan workbook without a database: the template as openpyxl reads it, and the round trip of the sample plans
/// (JSON document → events → plan view → workbook → the same reader → the same events).</summary>
public sealed class PlanWorkbookTests
{
    [Theory]
    [InlineData("mima")]
    [InlineData("misaki")]
    [InlineData("omitama")]
    public void A_sample_plan_exported_as_a_workbook_and_read_again_gives_the_same_events(string sample)
    {
        var original = Accepted(PlanDocuments.Sample(sample, sample));

        var again = ReadWorkbook(PlanWorkbook.Export(View(original), sample));

        var read = Assert.IsType<PlanImportAccepted>(again);
        Assert.Equal(sample, read.Tenant);
        Assert.Equal(Streams(original), Streams(read));
        Assert.Equal(original.Warnings.Select(w => w.Message.Ja), read.Warnings.Select(w => w.Message.Ja));
    }

    [Fact]
    public async Task The_template_has_a_sheet_per_part_with_Japanese_headings_input_lists_amount_formats_and_a_guide()
    {
        var book = await Openpyxl.ReadAsync(PlanWorkbook.Template());

        Assert.Equal(["計画", "基本方針", "施策", "数値目標", "事業費", "財源", "スケジュール", "記入方法"], book.Sheets);
        Assert.Equal("名称（必須）", book.Cell("施策", "C1"));
        Assert.Equal("計画名（必須）", book.Cell("計画", "A7"));
        var kinds = book.Sheet("数値目標").GetProperty("validations").EnumerateArray().Single(v => v.GetProperty("range").GetString()!.StartsWith("E2", StringComparison.Ordinal));
        Assert.Equal("list", kinds.GetProperty("type").GetString());
        Assert.Contains("flow（期間の量）", kinds.GetProperty("formula1").GetString(), StringComparison.Ordinal);
        Assert.Contains(book.Sheet("事業費").GetProperty("validations").EnumerateArray(), v => v.GetProperty("formula1").GetString() == "\"未定\"");
        // Every column of every data sheet is explained, with an example, on the guide sheet.
        Assert.Equal(11 + 2 + 5 + 13 + 6 + 4 + 5, book.Sheet("記入方法").GetProperty("maxRow").GetInt32() - 3);
        Assert.Contains("スマート申請・窓口システムの利用者数", book.AllText("記入方法"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_exported_plan_opens_in_openpyxl_with_its_figures_as_numbers_in_thousand_yen_format()
    {
        var plan = View(Accepted(PlanDocuments.Sample("mima", "mima")));

        var book = await Openpyxl.ReadAsync(PlanWorkbook.Export(plan, "mima"));

        Assert.Equal("美馬市DX推進計画", book.Cell("計画", "B7"));
        Assert.Equal("m01", book.Cell("事業費", "A2"));
        Assert.Equal("5675", book.Cell("事業費", "C2"));
        Assert.Equal("#,##0", book.Sheet("事業費").GetProperty("formats").GetProperty("C2").GetString());
        Assert.Equal("flow（期間の量）", book.Cell("数値目標", "E2"));
    }

    [Fact]
    public async Task The_readers_problems_are_told_at_the_cells_they_come_from_in_Japanese()
    {
        var plan = Accepted(PlanDocuments.Sample("mima", "mima"));
        var filled = await Openpyxl.FillAsync(PlanWorkbook.Export(View(plan), "mima"),
            ("施策", "C3", null), ("施策", "B4", "p9"), ("数値目標", "E2", "count"), ("事業費", "C2", "たくさん"));

        var document = PlanWorkbook.Read(XlsxReader.Read(filled));
        var rejected = Assert.IsType<PlanImportRejected>(PlanDocumentReader.Read(JsonSerializer.SerializeToElement(document.Document)));
        var problems = PlanWorkbook.AtCells(document, rejected.Errors.Select(e => (e.Pointer, e.Message))).ToDictionary(p => p.Cell, p => p.Text.Ja);

        Assert.Equal("必須です", problems["施策!C3"]);
        Assert.Contains("p9", problems["施策!B4"], StringComparison.Ordinal);
        Assert.Contains("count", problems["数値目標!E2"], StringComparison.Ordinal);
        Assert.Contains("数", problems["事業費!C2"], StringComparison.Ordinal);
        Assert.Equal(4, problems.Count);
    }

    [Fact]
    public async Task A_KPI_row_naming_no_measure_and_a_formula_are_the_workbooks_own_problems_at_their_cells()
    {
        var plan = Accepted(PlanDocuments.Sample("mima", "mima"));
        var filled = await Openpyxl.FillAsync(PlanWorkbook.Export(View(plan), "mima"), ("数値目標", "A2", "m99"), ("事業費", "C3", "=1000*3"));

        var document = PlanWorkbook.Read(XlsxReader.Read(filled));

        Assert.Equal(["事業費!C3", "数値目標!A2"], document.Problems.Select(p => p.Cell).Order(StringComparer.Ordinal));
        Assert.Contains("m99", document.Problems.Single(p => p.Cell == "数値目標!A2").Text.Ja, StringComparison.Ordinal);
        Assert.IsType<FormulaInCell>(document.Problems.Single(p => p.Cell == "事業費!C3").Text);
    }

    internal static PlanImportAccepted Accepted(string json)
    {
        using var document = JsonDocument.Parse(json);
        return Assert.IsType<PlanImportAccepted>(PlanDocumentReader.Read(document.RootElement));
    }

    /// <summary>The plan view the store would keep after the import, folded by the domain's projection.</summary>
    internal static PlanView View(PlanImportAccepted accepted)
    {
        var sequence = 0L;
        var envelopes = accepted.Streams.SelectMany(s => s.Events.Select((e, i) => new EventEnvelope(
            ++sequence, s.StreamId, i + 1, e, new EventMetadata("test", null, null, null, null), DateTimeOffset.UnixEpoch)));
        return PlanViewProjection.Build(envelopes)!;
    }

    private static PlanImportResult ReadWorkbook(byte[] workbook) =>
        PlanDocumentReader.Read(JsonSerializer.SerializeToElement(PlanWorkbook.Read(XlsxReader.Read(workbook)).Document));

    /// <summary>Each stream's events as stored JSON, by stream id.</summary>
    private static SortedDictionary<string, string> Streams(PlanImportAccepted accepted) => new(
        accepted.Streams.ToDictionary(s => s.StreamId, s => string.Join("\n", s.Events.Select(e => $"{e.GetType().Name} {EventCatalog.Serialize(e).Json}"))),
        StringComparer.Ordinal);
}
