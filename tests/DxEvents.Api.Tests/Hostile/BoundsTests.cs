using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Alba;
using DxEvents.Api.Auth;
using DxEvents.Api.Tests.Support;

namespace DxEvents.Api.Tests.Hostile;

/// <summary>
/// Input beyond the documented bounds (docs/bounds-and-hostile-input.md) is refused with a problem naming the field, before
/// anything is appended or a sequence number taken: the event table and its sequence stay as they were.
/// </summary>
public sealed class BoundsTests(ApiHost api) : IClassFixture<ApiHost>
{
    private const string Figures = "/plans/mima-dx/kpis/k04/measurements";
    private const string Budget = "/plans/mima-dx/measures/m04/budget/2025/revisions";

    public static TheoryData<string, string, string, HttpStatusCode> Hostile() => new()
    {
        // NUL: PostgreSQL's jsonb cannot store it; the append failed after taking its sequence numbers (500 and tombstones).
        { Figures, """{"fiscalYear":2025,"quarter":2,"value":1,"note":"a\u0000b"}""", "/note", HttpStatusCode.BadRequest },
        { "/plans/mima-dx/measures/m04/start", """{"on":"2025-04-01","note":"\u0007bell"}""", "/note", HttpStatusCode.BadRequest },
        { Budget, """{"total":1,"generalFunds":0,"reason":"\u001b[31m"}""", "/reason", HttpStatusCode.BadRequest },
        { Budget, """{"total":1,"generalFunds":0,"funding":[{"source":"交付\n金","amount":1}],"reason":"補正"}""", "/funding/0/source", HttpStatusCode.BadRequest },
        // Too long.
        { Budget, $$"""{"total":1,"generalFunds":0,"reason":"{{new string('長', 300_000)}}"}""", "/reason", HttpStatusCode.BadRequest },
        // Amounts past 100兆円 (千円): their sums overflowed 64 bits in every later status read.
        { Budget, """{"total":4611686018427387904,"generalFunds":0,"reason":"補正"}""", "/total", HttpStatusCode.BadRequest },
        { Budget, """{"total":1,"generalFunds":0,"funding":[{"source":"交付金","amount":9223372036854775807},{"source":"補助金","amount":9223372036854775807}],"reason":"補正"}""", "/funding/0/amount", HttpStatusCode.BadRequest },
        // Figures, targets and tolerances.
        { "/plans/mima-dx/kpis/k04/target-revisions", """{"fiscalYear":2027,"value":-7.9e28,"reason":"見直し"}""", "/value", HttpStatusCode.BadRequest },
        { "/plans/mima-dx/tolerance-revisions", """{"onTrack":5e-324,"atRisk":0.25,"reason":"見直し"}""", "/onTrack", HttpStatusCode.BadRequest },
        { Figures, """{"fiscalYear":2025,"quarter":2,"value":0.0000001}""", "/value", HttpStatusCode.UnprocessableEntity },
        // Years and days outside FY1989–FY2100.
        { Figures, """{"fiscalYear":1800,"quarter":2,"value":1}""", "/fiscalYear", HttpStatusCode.BadRequest },
        { "/plans/mima-dx/measures/m04/start", """{"on":"0001-01-01"}""", "/on", HttpStatusCode.UnprocessableEntity },
        // An unknown property is a mistake (a misspelt field would be dropped silently).
        { Figures, """{"fiscalYear":2025,"quarter":2,"value":1,"nte":"typo"}""", "/nte", HttpStatusCode.BadRequest },
    };

    [Theory]
    [MemberData(nameof(Hostile))]
    public async Task Hostile_input_is_refused_naming_the_field_and_leaves_no_row(string path, string body, string pointer, HttpStatusCode status)
    {
        var town = await api.NewTownAsync();
        var role = path.Contains("target", StringComparison.Ordinal) || path.Contains("tolerance", StringComparison.Ordinal) || path.Contains("budget", StringComparison.Ordinal)
            ? Roles.Office : Roles.Recorder;

        await Rows.UnchangedAsync(api, async () => await (await town.PostAsync(path, body, role, status)).ProblemAsync(pointer));
    }

    [Fact]
    public async Task The_refusals_are_said_in_Japanese()
    {
        var town = await api.NewTownAsync();

        var nul = await (await town.PostAsync(Figures, """{"fiscalYear":2025,"quarter":2,"value":1,"note":"a\u0000b"}""", Roles.Recorder, HttpStatusCode.BadRequest)).ProblemAsync("/note");
        var large = await (await town.PostAsync(Budget, """{"total":4611686018427387904,"generalFunds":0,"reason":"補正"}""", Roles.Office, HttpStatusCode.BadRequest)).ProblemAsync("/total");

        Assert.Equal("表示できない制御文字（U+0000）が含まれています。取り除いてから送ってください。", nul.GetProperty("errors")[0].GetProperty("detail").GetString());
        Assert.Equal("total は 0〜100000000000 の範囲で指定してください。", large.GetProperty("errors")[0].GetProperty("detail").GetString());
    }

    [Fact]
    public async Task The_largest_amounts_are_accepted_and_every_status_read_still_answers()
    {
        var town = await api.NewTownAsync();
        await town.PostAsync("/plans/mima-dx/measures/m04/start", new { on = "2023-04-01" }, Roles.Recorder);
        foreach (var measure in new[] { "m04", "m05" })
            await town.PostAsync($"/plans/mima-dx/measures/{measure}/budget/2025/revisions",
                new { total = 100_000_000_000L, generalFunds = 100_000_000_000L, funding = new[] { new { source = "交付金", amount = 100_000_000_000L } }, reason = "上限" });

        var status = await town.StatusAsync();
        await town.GetAsync("/plans/mima-dx/status/export?format=csv&table=budget", Roles.Headquarters);
        await town.GetAsync("/headquarters/status", Roles.Headquarters);

        var fy2025 = status.GetProperty("budget").EnumerateArray().Single(y => y.GetProperty("fiscalYear").GetInt32() == 2025);
        Assert.True(fy2025.GetProperty("current").GetInt64() >= 200_000_000_000L);
    }

    [Fact]
    public async Task A_plan_document_with_NUL_or_a_huge_amount_is_refused_naming_each_and_leaves_no_row()
    {
        var town = await api.NewTownAsync(sample: null);
        var document = JsonNode.Parse(PlanDocuments.Small(town.Tenant))!;
        document["plan"]!["title"] = "計画\u0000";
        document["measures"]![0]!["budget"]![0]!["total"] = JsonValue.Create(9_223_372_036_854_775_807L);
        document["measures"]![0]!["kpis"]![1]!["target"]!["value"] = JsonValue.Create(-7.9e28m);

        await Rows.UnchangedAsync(api, async () =>
        {
            var problem = await (await town.ImportAsync(document.ToJsonString(), status: HttpStatusCode.UnprocessableEntity)).ProblemAsync("/plan/title");
            Assert.Contains("/measures/0/budget/0/total", Answers.Pointers(problem));
            Assert.Contains("/measures/0/kpis/1/target/value", Answers.Pointers(problem));
        });
    }

    [Fact]
    public async Task A_refused_import_of_a_plan_that_exists_leaves_no_tombstone_rows()
    {
        var town = await api.NewTownAsync(sample: null);
        await town.ImportAsync(PlanDocuments.Small(town.Tenant));

        await Rows.UnchangedAsync(api, () => town.ImportAsync(PlanDocuments.Small(town.Tenant), status: HttpStatusCode.Conflict));
    }

    [Fact]
    public async Task The_OpenAPI_document_declares_the_bounds_the_checks_enforce()
    {
        var document = await (await api.Host.Scenario(s => s.Get.Url("/openapi/v1.json"))).ReadAsJsonAsync<JsonElement>();
        var schemas = document.GetProperty("components").GetProperty("schemas");
        var figure = schemas.GetProperty("RecordKpiFigureRequest");
        var budget = schemas.GetProperty("ReviseBudgetRequest");
        var properties = figure.GetProperty("properties");

        Assert.False(figure.GetProperty("additionalProperties").GetBoolean());
        Assert.Equal((1989m, 2100m), (properties.GetProperty("fiscalYear").GetProperty("minimum").GetDecimal(), properties.GetProperty("fiscalYear").GetProperty("maximum").GetDecimal()));
        Assert.Equal((1m, 4m), (properties.GetProperty("quarter").GetProperty("minimum").GetDecimal(), properties.GetProperty("quarter").GetProperty("maximum").GetDecimal()));
        Assert.Equal(1_000_000_000_000_000m, properties.GetProperty("value").GetProperty("maximum").GetDecimal());
        Assert.Equal(2000, properties.GetProperty("note").GetProperty("maxLength").GetInt32());
        Assert.Contains("\\u0000", properties.GetProperty("note").GetProperty("pattern").GetString(), StringComparison.Ordinal);
        Assert.Equal(100_000_000_000m, budget.GetProperty("properties").GetProperty("total").GetProperty("maximum").GetDecimal());
    }
}
