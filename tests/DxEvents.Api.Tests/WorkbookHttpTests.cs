using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Alba;
using DxEvents.Api.Auth;
using DxEvents.Api.Tests.Support;
using DxEvents.Testing;
using DxEvents.Api.Workbooks;

namespace DxEvents.Api.Tests;

/// <summary>The workbooks over HTTP on PostgreSQL: a plan imported from a workbook, the quarter sheet down and up (all or none,
/// once), hostile files refused at their cell or file with nothing appended, and the meeting workbooks read by openpyxl.</summary>
public sealed class WorkbookHttpTests(ApiHost api) : IClassFixture<ApiHost>
{
    private const string Xlsx = WorkbookEndpoints.ContentType;

    [Fact]
    public async Task A_plan_workbook_imports_with_201_the_same_events_as_its_JSON_and_the_same_file_again_records_nothing()
    {
        var (json, book) = (await api.NewTownAsync(sample: null), await api.NewTownAsync(sample: null));
        await json.ImportAsync(PlanDocuments.Sample("misaki", json.Tenant));
        var workbook = PlanWorkbook.Export(PlanWorkbookTests.View(PlanWorkbookTests.Accepted(PlanDocuments.Sample("misaki", book.Tenant))), book.Tenant);

        var (status, body) = await UploadAsync(book, "/plans/workbook", workbook);

        Assert.Equal(HttpStatusCode.Created, status);
        Assert.Equal("recorded", body.GetProperty("outcome").GetString());
        Assert.Equal(Stored(await json.EventsAsync()), Stored(await book.EventsAsync()));
        var count = await book.EventCountAsync();
        var (again, replay) = await UploadAsync(book, "/plans/workbook", workbook);
        Assert.Equal(HttpStatusCode.OK, again);
        Assert.Equal("already_recorded", replay.GetProperty("outcome").GetString());
        Assert.Equal(count, await book.EventCountAsync());
    }

    [Fact]
    public async Task Mimas_general_funds_warning_comes_back_at_its_cell()
    {
        var town = await api.NewTownAsync(sample: null);
        var workbook = PlanWorkbook.Export(PlanWorkbookTests.View(PlanWorkbookTests.Accepted(PlanDocuments.Sample("mima", town.Tenant))), town.Tenant);

        var (status, body) = await UploadAsync(town, "/plans/workbook", workbook);

        Assert.Equal(HttpStatusCode.Created, status);
        var warnings = body.GetProperty("warnings").EnumerateArray().ToList();
        Assert.Contains(warnings, w => w.GetProperty("cell").GetString() == "事業費!D3" && w.GetProperty("detail").GetString()!.Contains("一般財源", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_workbook_with_errors_is_422_naming_each_cell_in_Japanese_and_appends_nothing()
    {
        var town = await api.NewTownAsync(sample: null);
        var workbook = await Openpyxl.FillAsync(PlanWorkbook.Template(),
            ("計画", "B2", town.Tenant), ("計画", "B3", "美咲町"), ("計画", "B4", "岡山県"), ("計画", "B6", "misaki-dx"), ("計画", "B7", "美咲町DX推進計画"),
            ("計画", "B8", "2023-03"), ("計画", "B9", 2025), ("計画", "B10", 2023), ("基本方針", "A2", "p1"), ("基本方針", "B2", "行政のDX"),
            ("施策", "A2", "m1"), ("施策", "B2", "p1"));

        var problem = await RefusedAsync(town, "/plans/workbook", workbook);

        var errors = problem.GetProperty("errors").EnumerateArray().ToDictionary(e => e.GetProperty("pointer").GetString()!, e => e.GetProperty("detail").GetString()!);
        Assert.Equal("必須です", errors["施策!C2"]);
        Assert.True(errors.ContainsKey("計画!B9"), string.Join(", ", errors.Keys));
    }

    [Fact]
    public async Task The_quarter_sheet_lists_the_KPIs_under_way_and_records_every_figure_once_through_the_entry_rules()
    {
        var town = await api.NewTownAsync();
        await town.PostAsync("/plans/mima-dx/measures/m04/start", new { on = "2023-04-01" });
        await town.PostAsync("/plans/mima-dx/kpis/k04/measurements", new { fiscalYear = 2025, quarter = 1, value = 150 }, Roles.Recorder);
        var sheet = await DownloadAsync(town, "/plans/mima-dx/figures/workbook?fiscalYear=2025&quarter=2");

        var book = await Openpyxl.ReadAsync(sheet);
        Assert.Equal("mima-dx", book.Cell("実績値", "B2"));
        Assert.Equal(("2025", "2"), (book.Cell("実績値", "B4"), book.Cell("実績値", "B5")));
        Assert.Equal("k04", book.Cell("実績値", "D9"));
        Assert.Equal("150", book.Cell("実績値", "L9"));
        Assert.Equal("", book.Cell("実績値", "D10"));
        var filled = await Openpyxl.FillAsync(sheet, ("実績値", "N9", "１８０"), ("実績値", "O9", "9月末"));

        var before = await town.EventCountAsync();
        var (status, body) = await UploadAsync(town, "/plans/mima-dx/figures/workbook", filled);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(("recorded", 1), (body.GetProperty("outcome").GetString(), body.GetProperty("events").GetInt32()));
        var recorded = (await town.StreamAsync("plan/mima-dx/kpi/k04"))[^1];
        Assert.Equal("KpiMeasured", recorded.EventType);
        Assert.Contains("\"value\":180", recorded.Data, StringComparison.Ordinal);
        Assert.Contains("9月末", recorded.Data, StringComparison.Ordinal);

        var (again, replay) = await UploadAsync(town, "/plans/mima-dx/figures/workbook", filled);
        Assert.Equal((HttpStatusCode.OK, "already_recorded"), (again, replay.GetProperty("outcome").GetString()));
        Assert.Equal(before + 1, await town.EventCountAsync());
    }

    [Fact]
    public async Task A_quarter_that_has_its_figure_is_refused_at_its_cell_with_the_way_to_the_correction_and_nothing_is_recorded()
    {
        var town = await api.NewTownAsync();
        await town.PostAsync("/plans/mima-dx/measures/m04/start", new { on = "2023-04-01" });
        await town.PostAsync("/plans/mima-dx/measures/m01/start", new { on = "2023-04-01" });
        var sheet = await DownloadAsync(town, "/plans/mima-dx/figures/workbook?fiscalYear=2025&quarter=2");
        var book = await Openpyxl.ReadAsync(sheet);
        var k04 = Enumerable.Range(9, 5).Single(r => book.Cell("実績値", $"D{r}") == "k04");
        var k01 = Enumerable.Range(9, 5).Single(r => book.Cell("実績値", $"D{r}") == "k01");
        await town.PostAsync("/plans/mima-dx/kpis/k04/measurements", new { fiscalYear = 2025, quarter = 2, value = 180 }, Roles.Recorder);
        var filled = await Openpyxl.FillAsync(sheet, ("実績値", $"N{k04}", 186), ("実績値", $"N{k01}", 40));

        var problem = await RefusedAsync(town, "/plans/mima-dx/figures/workbook", filled);

        var error = Assert.Single(problem.GetProperty("errors").EnumerateArray());
        Assert.Equal($"実績値!N{k04}", error.GetProperty("pointer").GetString());
        Assert.Equal("figure-already-recorded", error.GetProperty("code").GetString());
        Assert.Contains("/plans/mima-dx/kpis/k04/correct?q=2025-2", error.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain(await town.StreamAsync("plan/mima-dx/kpi/k01"), e => e.EventType == "KpiMeasured");
    }

    [Fact]
    public async Task Hostile_workbooks_are_refused_at_their_file_or_cell_in_Japanese_and_append_nothing()
    {
        var town = await api.NewTownAsync(sample: null);
        var template = PlanWorkbook.Template();

        var notAWorkbook = await RefusedAsync(town, "/plans/workbook", Encoding.UTF8.GetBytes("施策,名称\nm1,テスト\n"));
        Assert.Equal(("", "workbook-unreadable"), Error(notAWorkbook));
        Assert.Contains("Excel", Detail(notAWorkbook), StringComparison.Ordinal);

        Assert.Equal(("", "workbook-unpacked-too-large"), Error(await RefusedAsync(town, "/plans/workbook", ZipBomb(template))));
        Assert.Equal(("", "workbook-too-many-parts"), Error(await RefusedAsync(town, "/plans/workbook", ManyEntries(template))));

        var formula = await Openpyxl.FillAsync(template, ("計画", "B9", "=2020+3"));
        Assert.Equal(("計画!B9", "workbook-formula"), Error(await RefusedAsync(town, "/plans/workbook", formula)));

        var rows = await RefusedAsync(town, "/plans/workbook", TallSheet(100_000));
        Assert.Equal(("施策", "workbook-too-many-rows"), Error(rows));
        Assert.Contains("2,000", Detail(rows), StringComparison.Ordinal);

        var long_ = await Openpyxl.FillAsync(template, ("施策", "D2", new string('概', XlsxReader.MaxCellChars + 1)));
        Assert.Equal(("施策!D2", "workbook-cell-too-long"), Error(await RefusedAsync(town, "/plans/workbook", long_)));

        Assert.Equal(0, await town.EventCountAsync());
    }

    [Fact]
    public async Task The_meeting_workbook_prints_on_A4_with_statuses_in_words_and_symbols_the_as_of_instant_the_chain_head_and_wareki_budgets()
    {
        var town = await api.NewTownAsync();
        await town.PostAsync("/plans/mima-dx/measures/m04/start", new { on = "2023-04-01" });
        await town.PostAsync("/plans/mima-dx/kpis/k04/measurements", new { fiscalYear = 2025, quarter = 2, value = 180 }, Roles.Recorder);
        // Sealed first: before the sealer passes the last event both reads pin the sealed horizon, which moves between them.
        await api.ProjectedAsync();
        var chain = await town.ReadAsync("/plans/mima-dx/status?asOf=2099-01-01", Roles.Headquarters);

        var book = await Openpyxl.ReadAsync(await DownloadAsync(town, "/plans/mima-dx/status/workbook?asOf=2099-01-01&reportingDate=2025-10-15", Roles.Headquarters));

        Assert.Equal(["進捗状況", "事業費"], book.Sheets);
        foreach (var name in book.Sheets)
        {
            var sheet = book.Sheet(name);
            Assert.Equal((9, "landscape", true), (sheet.GetProperty("paperSize").GetInt32(), sheet.GetProperty("orientation").GetString(), sheet.GetProperty("fitToPage").GetBoolean()));
            Assert.Equal("$9:$9", sheet.GetProperty("printTitleRows").GetString());
        }
        var status = book.AllText("進捗状況");
        Assert.Contains("2099年1月1日", book.Cell("進捗状況", "C4"), StringComparison.Ordinal);
        Assert.Contains(chain.GetProperty("chain").GetProperty("hash").GetString()!, book.Cell("進捗状況", "C6"), StringComparison.Ordinal);
        Assert.Contains("2025年10月15日", book.Cell("進捗状況", "C5"), StringComparison.Ordinal);
        Assert.Matches("[◎○△×－・／] (達成|順調|要注意|遅れ|データなし|未着手|中止)", status);
        Assert.Contains("k04", status, StringComparison.Ordinal);
        Assert.Contains("令和7年度", book.AllText("事業費"), StringComparison.Ordinal);
        Assert.Equal("#,##0", book.Sheet("事業費").GetProperty("formats").EnumerateObject().First().Value.GetString());
    }

    [Fact]
    public async Task The_audit_history_workbook_lists_every_event_on_A4_and_only_for_the_audit_roles()
    {
        var town = await api.NewTownAsync();
        await town.PostAsync("/plans/mima-dx/measures/m04/start", new { on = "2023-04-01" });

        var book = await Openpyxl.ReadAsync(await DownloadAsync(town, "/audit/events/workbook", Roles.Auditor));

        var sheet = book.Sheet("変更履歴");
        Assert.Equal((9, "landscape"), (sheet.GetProperty("paperSize").GetInt32(), sheet.GetProperty("orientation").GetString()));
        Assert.Equal((await town.HistoryAsync()).Count.ToString(System.Globalization.CultureInfo.InvariantCulture), book.Cell("変更履歴", "B4"));
        Assert.Contains("MeasureStarted", book.AllText("変更履歴"), StringComparison.Ordinal);
        Assert.Contains("ApiKeyCreated", book.AllText("変更履歴"), StringComparison.Ordinal);
        await town.GetAsync("/audit/events/workbook", Roles.Headquarters, HttpStatusCode.Forbidden);
    }

    private static (string Pointer, string Code) Error(JsonElement problem)
    {
        var error = Assert.Single(problem.GetProperty("errors").EnumerateArray());
        return (error.GetProperty("pointer").GetString()!, error.GetProperty("code").GetString()!);
    }

    private static string Detail(JsonElement problem) => problem.GetProperty("errors")[0].GetProperty("detail").GetString()!;

    private static List<string> Stored(List<StoredEvent> events) =>
        [.. events.Select(e => $"{e.StreamId} {e.Version} {e.EventType} {e.Data.Replace(e.StreamId, "", StringComparison.Ordinal)}")];

    /// <summary>The template with one more entry: 30 MiB of zeros, a few dozen KiB compressed.</summary>
    private static byte[] ZipBomb(byte[] workbook) => WithEntries(workbook, zip =>
    {
        using var entry = zip.CreateEntry("xl/media/zeros.bin", CompressionLevel.SmallestSize).Open();
        var zeros = new byte[1024 * 1024];
        for (var i = 0; i < 30; i++)
            entry.Write(zeros);
    });

    private static byte[] ManyEntries(byte[] workbook) => WithEntries(workbook, zip =>
    {
        for (var i = 0; i < XlsxReader.MaxEntries + 1; i++)
            zip.CreateEntry($"customXml/item{i}.xml");
    });

    private static byte[] WithEntries(byte[] workbook, Action<ZipArchive> add)
    {
        using var buffer = new MemoryStream();
        buffer.Write(workbook);
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Update, leaveOpen: true))
            add(zip);
        return buffer.ToArray();
    }

    /// <summary>The template with a 施策 sheet of <paramref name="rows"/> rows, written straight into its XML.</summary>
    private static byte[] TallSheet(int rows)
    {
        var xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?><worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>");
        for (var r = 1; r <= rows; r++)
            xml.Append(System.Globalization.CultureInfo.InvariantCulture, $"<row r=\"{r}\"><c r=\"A{r}\" t=\"inlineStr\"><is><t>m{r}</t></is></c></row>");
        xml.Append("</sheetData></worksheet>");
        using var buffer = new MemoryStream();
        buffer.Write(PlanWorkbook.Template());
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Update, leaveOpen: true))
        {
            // 施策 is the third sheet the writer adds.
            var entry = zip.GetEntry("xl/worksheets/sheet3.xml") ?? throw new InvalidOperationException("no third sheet");
            entry.Delete();
            using var stream = zip.CreateEntry("xl/worksheets/sheet3.xml").Open();
            stream.Write(Encoding.UTF8.GetBytes(xml.ToString()));
        }
        return buffer.ToArray();
    }

    private async Task<byte[]> DownloadAsync(Town town, string path, string role = Roles.Office)
    {
        var response = await town.GetAsync(path, role);
        Assert.Equal(Xlsx, response.Context.Response.ContentType);
        using var bytes = new MemoryStream();
        await response.Context.Response.Body.CopyToAsync(bytes);
        return bytes.ToArray();
    }

    private async Task<(HttpStatusCode Status, JsonElement Body)> UploadAsync(Town town, string path, byte[] file, string role = Roles.Office)
    {
        using var client = api.Host.Server.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await town.KeyAsync(role));
        using var content = new MultipartFormDataContent();
        var part = new ByteArrayContent(file);
        part.Headers.ContentType = new MediaTypeHeaderValue(Xlsx);
        content.Add(part, "file", "upload.xlsx");
        using var response = await client.PostAsync(town.Url(path), content);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, JsonDocument.Parse(text.Length == 0 ? "{}" : text).RootElement.Clone());
    }

    /// <summary>An upload that must be a 422 problem; the town's history does not grow.</summary>
    private async Task<JsonElement> RefusedAsync(Town town, string path, byte[] file)
    {
        var before = await town.EventCountAsync();
        var (status, body) = await UploadAsync(town, path, file);
        Assert.True(status == HttpStatusCode.UnprocessableEntity, $"{status}: {body}");
        Assert.Equal(before, await town.EventCountAsync());
        return body;
    }
}
