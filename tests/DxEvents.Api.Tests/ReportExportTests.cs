using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Alba;
using DxEvents.Api.Auth;
using DxEvents.Api.Tests.Support;

namespace DxEvents.Api.Tests;

public sealed class ReportExportTests(ApiHost api) : IClassFixture<ApiHost>
{
    private static readonly byte[] Bom = [0xEF, 0xBB, 0xBF];

    private async Task<(Town Town, long Q2, long Correction)> HistoryAsync()
    {
        var town = await api.NewTownAsync();
        await StatusAsOfTests.Write(town, "/plans/mima-dx/measures/m04/start", new { on = "2023-04-01" });
        await StatusAsOfTests.Write(town, "/plans/mima-dx/kpis/k04/measurements", new { fiscalYear = 2025, quarter = 1, value = 150 }, Roles.Recorder);
        var q2 = await StatusAsOfTests.Write(town, "/plans/mima-dx/kpis/k04/measurements", new { fiscalYear = 2025, quarter = 2, value = 190 }, Roles.Recorder);
        var correction = await StatusAsOfTests.Write(town, "/plans/mima-dx/kpis/k04/measurements/2025/2/corrections", new { value = 200, reason = "集計誤り, 再集計" }, Roles.Recorder);
        return (town, q2.Sequence, correction.Sequence);
    }

    /// <summary>An export, asked again while an open transaction elsewhere on the cluster (another test) holds the history back (503).</summary>
    private static async Task<IScenarioResult> ExportAsync(Town town, string path, string role)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var response = await town.SendAsync(role, s =>
            {
                s.Get.Url(town.Url(path));
                s.IgnoreStatusCode();
            });
            if (response.Status() != HttpStatusCode.ServiceUnavailable || DateTime.UtcNow > deadline)
                return response;
        }
    }

    /// <summary>Asserts the open-data file conventions and answers the table's rows as header → cell maps.</summary>
    private static async Task<List<Dictionary<string, string>>> CsvAsync(IScenarioResult response)
    {
        Assert.Equal(HttpStatusCode.OK, response.Status());
        Assert.Equal("text/csv", response.ContentType()?.MediaType);
        Assert.Equal("utf-8", response.ContentType()?.CharSet);
        Assert.Equal("attachment", ContentDispositionHeaderValue.Parse(response.Header("Content-Disposition")!).DispositionType);
        var bytes = await response.ReadAsBytesAsync();
        Assert.Equal(Bom, bytes[..3]);
        var rows = Parse(Encoding.UTF8.GetString(bytes[3..]));
        return [.. rows.Skip(1).Select(r => rows[0].Zip(r).ToDictionary(p => p.First, p => p.Second))];
    }

    [Fact]
    public async Task Status_exports_as_csv_with_bom_one_row_per_kpi_the_municipality_code_and_wareki_beside_seireki()
    {
        var (town, _, _) = await HistoryAsync();

        var rows = await CsvAsync(await town.GetAsync("/plans/mima-dx/status/export?format=csv&reportingDate=2025-11-20", Roles.Headquarters));

        Assert.Equal(14, rows.Count);
        var k04 = rows.Single(r => r["指標ID(kpi id)"] == "k04");
        Assert.Equal(("362077", "徳島県", "美馬市", "2025-11-20", "m04", "LoGoチャット利用者数", "人"),
            (k04["全国地方公共団体コード(municipality code)"], k04["都道府県名(prefecture)"], k04["市区町村名(municipality)"], k04["報告基準日(reporting date)"],
             k04["施策ID(measure id)"], k04["指標名(kpi)"], k04["単位(unit)"]));
        // 200 of 240 → 0.8333 against e = 965 / 1096 = 0.8805: on_track (≥ 0.7805).
        Assert.Equal(("240", "2025", "令和7年度", "2025", "令和7年度", "2", "200", "0.8333", "0.8805", "順調", "on_track"),
            (k04["目標値(target)"], k04["目標年度_西暦(target fiscal year)"], k04["目標年度_和暦(target fiscal year, wareki)"],
             k04["最新実績年度_西暦(latest fiscal year)"], k04["最新実績年度_和暦(latest fiscal year, wareki)"], k04["最新実績四半期(latest quarter)"],
             k04["実績値(value)"], k04["進捗率(progress)"], k04["期待進捗率(expected)"], k04["評価(status)"], k04["評価コード(status code)"]));

        var budget = await CsvAsync(await town.GetAsync("/plans/mima-dx/status/export?format=csv&table=budget&reportingDate=2025-11-20", Roles.Headquarters));
        var m04 = budget.Single(r => r["施策ID(measure id)"] == "m04" && r["年度_西暦(fiscal year)"] == "2025");
        Assert.Equal(("令和7年度", "1268", "1268", "0"), (m04["年度_和暦(fiscal year, wareki)"], m04["当初事業費（千円）(planned total)"],
            m04["現行事業費（千円）(current total)"], m04["当初未定(planned undetermined)"]));
        Assert.Equal("1", budget.Single(r => r["施策ID(measure id)"] == "m03" && r["年度_西暦(fiscal year)"] == "2024")["当初未定(planned undetermined)"]);
    }

    [Fact]
    public async Task History_exports_as_csv_with_the_correction_naming_its_figure_and_a_cursor_for_the_next_export()
    {
        var (town, q2, correction) = await HistoryAsync();

        var response = await ExportAsync(town, "/audit/events/export?format=csv&stream=plan/mima-dx/kpi/k04", Roles.Auditor);
        var rows = await CsvAsync(response);

        Assert.Equal(["KpiDefined", "KpiMeasured", "KpiMeasured", "KpiMeasurementCorrected"], rows.Select(r => r["イベント種別(event type)"]));
        var row = rows[3];
        Assert.Equal((correction.ToString(System.Globalization.CultureInfo.InvariantCulture), q2.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "2025", "令和7年度", "2", "200", "190", "集計誤り, 再集計", "test recorder", "362077"),
            (row["連番(sequence)"], row["訂正対象の連番(corrects sequence)"], row["年度_西暦(fiscal year)"], row["年度_和暦(fiscal year, wareki)"],
             row["四半期(quarter)"], row["実績値(figure)"], row["変更前の実績値(previous figure)"], row["理由(reason)"], row["記録者(actor)"],
             row["全国地方公共団体コード(municipality code)"]));
        Assert.EndsWith("+09:00", row["記録日時(recorded at)"], StringComparison.Ordinal);
        // The cursor is the end of the municipality's history, past the plan and the keys alike.
        Assert.Equal((await town.HistoryAsync())[^1].Sequence.ToString(System.Globalization.CultureInfo.InvariantCulture),
            response.Header("DxEvents-Next"));
    }

    [Fact]
    public async Task Json_exports_carry_the_same_content_and_a_bad_format_or_role_is_refused()
    {
        var (town, _, correction) = await HistoryAsync();

        var json = await ExportAsync(town, "/audit/events/export?format=json&type=KpiMeasurementCorrected", Roles.Auditor);
        Assert.Equal(HttpStatusCode.OK, json.Status());
        var events = await json.ReadAsJsonAsync<JsonElement>();
        var status = await town.ReadAsync("/plans/mima-dx/status/export?reportingDate=2025-11-20", Roles.Headquarters);

        Assert.Equal(correction, Assert.Single(events.EnumerateArray()).GetProperty("sequence").GetInt64());
        Assert.Equal("on_track", status.GetProperty("status").KpiStatus("k04").Text("status"));
        await (await town.GetAsync("/plans/mima-dx/status/export?format=xlsx", Roles.Headquarters, HttpStatusCode.BadRequest)).ProblemAsync("/format");
        await (await town.GetAsync("/plans/mima-dx/status/export?table=schedule", Roles.Headquarters, HttpStatusCode.BadRequest)).ProblemAsync("/table");
        await (await town.GetAsync("/plans/nope/status/export?format=csv", Roles.Headquarters, HttpStatusCode.NotFound)).ProblemAsync();
        await town.GetAsync("/audit/events/export?format=csv", Roles.Headquarters, HttpStatusCode.Forbidden);
    }

    /// <summary>RFC 4180, read the way a spreadsheet reads it; every record must end with CRLF.</summary>
    private static List<List<string>> Parse(string text)
    {
        var rows = new List<List<string>>();
        var (row, cell, quoted) = (new List<string>(), new StringBuilder(), false);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted && c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                (cell, i) = (cell.Append('"'), i + 1);
            else if (c == '"')
                quoted = !quoted;
            else if (quoted || (c != ',' && c != '\r' && c != '\n'))
                cell.Append(c);
            else if (c == ',')
                (row, cell) = ([.. row, cell.ToString()], new StringBuilder());
            else
            {
                Assert.True(c == '\r' && i + 1 < text.Length && text[i + 1] == '\n', $"a record ends with CRLF (at {i})");
                rows.Add([.. row, cell.ToString()]);
                (row, cell, i) = ([], new StringBuilder(), i + 1);
            }
        }
        Assert.True(row.Count == 0 && cell.Length == 0, "the last record ends with CRLF");
        Assert.All(rows, r => Assert.Equal(rows[0].Count, r.Count));
        return rows;
    }
}
