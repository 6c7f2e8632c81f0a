using System.Net;
using DxEvents.Api.Auth;
using DxEvents.Api.Tests.Support;
using Microsoft.Net.Http.Headers;

namespace DxEvents.Api.Tests;

/// <summary>Every refused input is a problem naming its field, and nothing reaches the store.</summary>
public sealed class BadInputTests(ApiHost api) : IClassFixture<ApiHost>
{
    private const string Figures = "/plans/mima-dx/kpis/k04/measurements";

    [Theory]
    [InlineData("""{ "fiscalYear": 2025, "quarter": 2, """)]
    [InlineData("""{ "fiscalYear": 2025, "quarter": 2, "value": NaN }""")]
    [InlineData("""{ "fiscalYear": 2025, "quarter": 2, "value": Infinity }""")]
    [InlineData("""{ "fiscalYear": 2025, "quarter": 2, "value": -Infinity }""")]
    [InlineData("not json")]
    [InlineData("")]
    public async Task Malformed_JSON_is_400(string body)
    {
        var town = await api.NewTownAsync();

        var problem = await town.RefusedAsync(() => town.PostAsync(Figures, body, Roles.Recorder, HttpStatusCode.BadRequest));

        Assert.Equal("Malformed JSON", problem.Text("title"));
    }

    [Fact]
    public async Task A_body_that_is_not_an_object_is_400()
    {
        var town = await api.NewTownAsync();

        await town.RefusedAsync(() => town.PostAsync(Figures, "[2025, 2, 120]", Roles.Recorder, HttpStatusCode.BadRequest));
    }

    [Theory]
    [InlineData("""{ "fiscalYear": 2025, "quarter": "2", "value": 120 }""", "/quarter")]
    [InlineData("""{ "fiscalYear": 2025, "quarter": 2.5, "value": 120 }""", "/quarter")]
    [InlineData("""{ "fiscalYear": "2025", "quarter": 2, "value": 120 }""", "/fiscalYear")]
    [InlineData("""{ "fiscalYear": 2025, "quarter": 2, "value": "120" }""", "/value")]
    [InlineData("""{ "fiscalYear": 2025, "quarter": 2, "value": "NaN" }""", "/value")]
    [InlineData("""{ "fiscalYear": 2025, "quarter": 2, "value": "Infinity" }""", "/value")]
    [InlineData("""{ "fiscalYear": 2025, "quarter": 2, "value": 1e400 }""", "/value")]
    [InlineData("""{ "fiscalYear": 2025, "quarter": 2, "value": true }""", "/value")]
    [InlineData("""{ "fiscalYear": 2025, "quarter": 2 }""", "/value")]
    [InlineData("""{ "fiscalYear": 2025, "quarter": 2, "value": 1, "note": 5 }""", "/note")]
    public async Task A_field_of_the_wrong_type_is_400_naming_it(string body, string pointer)
    {
        var town = await api.NewTownAsync();

        await town.RefusedAsync(() => town.PostAsync(Figures, body, Roles.Recorder, HttpStatusCode.BadRequest), pointer);
    }

    [Fact]
    public async Task Every_wrong_field_is_named_at_once()
    {
        var town = await api.NewTownAsync();

        var problem = await town.RefusedAsync(() =>
            town.PostAsync(Figures, """{ "quarter": "2", "value": "NaN" }""", Roles.Recorder, HttpStatusCode.BadRequest));

        Assert.Equal(["/fiscalYear", "/quarter", "/value"], Answers.Pointers(problem).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(5)]
    [InlineData(-1)]
    // The ranges are the schema's (minimum, maximum: docs/bounds-and-hostile-input.md): a body outside them is a 400.
    public async Task A_quarter_outside_1_to_4_is_400_on_quarter(int quarter)
    {
        var town = await api.NewTownAsync();

        await town.RefusedAsync(() => town.PostAsync(Figures, new { fiscalYear = 2025, quarter, value = 1 }, Roles.Recorder, HttpStatusCode.BadRequest),
            "/quarter");
    }

    [Theory]
    [InlineData(99999)]
    [InlineData(25)]
    public async Task A_fiscal_year_that_is_not_a_year_is_400_on_fiscalYear(int fiscalYear)
    {
        var town = await api.NewTownAsync();

        await town.RefusedAsync(() => town.PostAsync(Figures, new { fiscalYear, quarter = 1, value = 1 }, Roles.Recorder, HttpStatusCode.BadRequest),
            "/fiscalYear");
    }

    [Theory]
    [InlineData("/plans/mima-dx/kpis/k04/measurements/abc/2/corrections", HttpStatusCode.BadRequest, "/fiscalYear")]
    [InlineData("/plans/mima-dx/kpis/k04/measurements/99999/2/corrections", HttpStatusCode.UnprocessableEntity, "/fiscalYear")]
    [InlineData("/plans/mima-dx/kpis/k04/measurements/2025/second/corrections", HttpStatusCode.BadRequest, "/quarter")]
    [InlineData("/plans/mima-dx/kpis/k04/measurements/2025/5/corrections", HttpStatusCode.UnprocessableEntity, "/quarter")]
    public async Task A_bad_fiscal_year_or_quarter_in_a_correction_path_is_named(string path, HttpStatusCode status, string pointer)
    {
        var town = await api.NewTownAsync();
        await town.PostAsync(Figures, new { fiscalYear = 2025, quarter = 2, value = 120 }, Roles.Recorder);

        await town.RefusedAsync(() => town.PostAsync(path, new { value = 130, reason = "訂正" }, Roles.Recorder, status), pointer);
    }

    [Theory]
    [InlineData("abc", HttpStatusCode.BadRequest)]
    [InlineData("99999", HttpStatusCode.UnprocessableEntity)]
    public async Task A_bad_fiscal_year_in_a_budget_path_is_named(string fiscalYear, HttpStatusCode status)
    {
        var town = await api.NewTownAsync();

        await town.RefusedAsync(() => town.PostAsync($"/plans/mima-dx/measures/m01/budget/{fiscalYear}/revisions",
            new { total = 1, generalFunds = 1, reason = "訂正" }, status: status), "/fiscalYear");
    }

    [Theory]
    [InlineData("""{ "total": -1, "generalFunds": 0, "reason": "r" }""", HttpStatusCode.BadRequest, "/total")]
    [InlineData("""{ "total": 1.5, "generalFunds": 0, "reason": "r" }""", HttpStatusCode.BadRequest, "/total")]
    [InlineData("""{ "total": 1, "generalFunds": 0, "funding": [ { "amount": 1 } ], "reason": "r" }""", HttpStatusCode.BadRequest, "/funding/0/source")]
    [InlineData("""{ "total": 1, "generalFunds": 0, "funding": [ { "source": "交付金", "amount": "1" } ], "reason": "r" }""", HttpStatusCode.BadRequest, "/funding/0/amount")]
    [InlineData("""{ "total": 1, "generalFunds": 0, "funding": {}, "reason": "r" }""", HttpStatusCode.BadRequest, "/funding")]
    [InlineData("""{ "total": 1, "generalFunds": 0 }""", HttpStatusCode.UnprocessableEntity, "/reason")]
    public async Task A_bad_budget_revision_is_refused_naming_the_field(string body, HttpStatusCode status, string pointer)
    {
        var town = await api.NewTownAsync();

        await town.RefusedAsync(() => town.PostAsync("/plans/mima-dx/measures/m01/budget/2025/revisions", body, status: status), pointer);
    }

    [Theory]
    [InlineData("""{ }""", HttpStatusCode.BadRequest, "/on")]
    [InlineData("""{ "on": "2025/10/01" }""", HttpStatusCode.BadRequest, "/on")]
    [InlineData("""{ "on": "2025-02-30" }""", HttpStatusCode.BadRequest, "/on")]
    [InlineData("""{ "on": "2025-12-01" }""", HttpStatusCode.UnprocessableEntity, "/on")]
    public async Task A_bad_or_future_date_is_refused_naming_on(string body, HttpStatusCode status, string pointer)
    {
        var town = await api.NewTownAsync();

        await town.RefusedAsync(() => town.PostAsync("/plans/mima-dx/measures/m01/start", body, Roles.Recorder, status), pointer);
    }

    [Theory]
    [InlineData("""{ "onTrack": 2, "atRisk": 3, "reason": "r" }""", HttpStatusCode.BadRequest, "/onTrack")]
    [InlineData("""{ "onTrack": 0.3, "atRisk": 0.1, "reason": "r" }""", HttpStatusCode.UnprocessableEntity, "/atRisk")]
    public async Task Tolerances_outside_the_rule_are_refused_naming_the_field(string body, HttpStatusCode status, string pointer)
    {
        var town = await api.NewTownAsync();

        await town.RefusedAsync(() => town.PostAsync("/plans/mima-dx/tolerance-revisions", body, status: status), pointer);
    }

    [Theory]
    [InlineData("/plans/mima-dx/kpis/k99/measurements", "/kpiId")]
    [InlineData("/plans/other-plan/kpis/k04/measurements", "/kpiId")]
    [InlineData("/plans/mima-dx/measures/m99/start", "/measureId")]
    [InlineData("/plans/mima-dx/measures/m01/schedule/s9/complete", "/itemId")]
    [InlineData("/plans/other-plan/tolerance-revisions", "/planId")]
    public async Task An_unknown_plan_measure_KPI_or_item_is_404(string path, string pointer)
    {
        var town = await api.NewTownAsync();
        object body = path.EndsWith("measurements", StringComparison.Ordinal) ? new { fiscalYear = 2025, quarter = 2, value = 1 }
            : path.EndsWith("tolerance-revisions", StringComparison.Ordinal) ? new { onTrack = 0.1, atRisk = 0.2, reason = "r" }
            : new { on = "2025-04-01" };

        await town.RefusedAsync(() => town.PostAsync(path, body, status: HttpStatusCode.NotFound), pointer);
    }

    [Fact]
    public async Task An_unknown_plan_is_404_to_read()
    {
        var town = await api.NewTownAsync();

        await town.RefusedAsync(() => town.GetAsync("/plans/other-plan", status: HttpStatusCode.NotFound));
        await town.RefusedAsync(() => town.GetAsync("/plans/other-plan/status", status: HttpStatusCode.NotFound));
    }

    [Theory]
    [InlineData("?asOf=yesterday", "/asOf")]
    [InlineData("?reportingDate=2025-13-01", "/reportingDate")]
    [InlineData("?rules=latest", "/rules")]
    public async Task A_bad_status_query_is_400_naming_it(string query, string pointer)
    {
        var town = await api.NewTownAsync();

        await town.RefusedAsync(() => town.GetAsync($"/plans/mima-dx/status{query}", status: HttpStatusCode.BadRequest), pointer);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_body_over_1_MiB_is_413_with_or_without_a_length(bool announced)
    {
        var town = await api.NewTownAsync();
        var json = $$"""{ "fiscalYear": 2025, "quarter": 2, "value": 1, "note": "{{new string('x', 1024 * 1024)}}" }""";

        await town.RefusedAsync(() => town.SendAsync(Roles.Recorder, s =>
        {
            s.Post.Text(json).ToUrl(town.Url(Figures));
            s.ConfigureHttpContext(c => c.Request.ContentType = "application/json");
            if (!announced)
                s.RemoveRequestHeader(HeaderNames.ContentLength);
            s.StatusCodeShouldBe(HttpStatusCode.RequestEntityTooLarge);
        }));
    }
}
