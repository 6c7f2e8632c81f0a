using System.Net;
using System.Net.Http.Headers;
using Alba;
using DxEvents.Api.Auth;
using DxEvents.Api.Tests.Support;

namespace DxEvents.Api.Tests;

public sealed class ApiAccessTests(ApiHost api) : IClassFixture<ApiHost>
{
    private const string Figures = "/plans/mima-dx/kpis/k04/measurements";
    private static readonly object Figure = new { fiscalYear = 2025, quarter = 2, value = 120 };
    private static readonly object BudgetRevision = new { total = 6000, generalFunds = 3000, reason = "補正予算" };

    [Fact]
    public async Task Without_a_key_a_request_is_401_with_a_Bearer_challenge()
    {
        var town = await api.NewTownAsync();

        var problem = await town.RefusedAsync(() => api.Host.Scenario(s =>
        {
            s.Post.Json(Figure).ToUrl(town.Url(Figures));
            s.StatusCodeShouldBe(HttpStatusCode.Unauthorized);
        }));

        var read = await api.Host.Scenario(s =>
        {
            s.Get.Url(town.Url("/plans"));
            s.StatusCodeShouldBe(HttpStatusCode.Unauthorized);
        });
        Assert.Equal("Bearer", AuthenticationHeaderValue.Parse(read.Header("WWW-Authenticate")!).Scheme);
        Assert.Contains("Bearer", problem.Text("detail"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("dxk_{0}_not-a-key-anyone-made")]
    [InlineData("dxk_{0}")]
    [InlineData("garbage")]
    public async Task An_unknown_key_is_401(string token)
    {
        var town = await api.NewTownAsync();
        var key = string.Format(System.Globalization.CultureInfo.InvariantCulture, token, town.Tenant);

        await town.RefusedAsync(() => api.Host.Scenario(s =>
        {
            s.WithBearerToken(key);
            s.Post.Json(Figure).ToUrl(town.Url(Figures));
            s.StatusCodeShouldBe(HttpStatusCode.Unauthorized);
        }));
    }

    [Fact]
    public async Task A_recorder_may_not_revise_a_budget()
    {
        var town = await api.NewTownAsync();

        await town.RefusedAsync(() => town.PostAsync("/plans/mima-dx/measures/m01/budget/2025/revisions", BudgetRevision, Roles.Recorder,
            HttpStatusCode.Forbidden));
    }

    [Theory]
    [InlineData(Roles.Headquarters)]
    [InlineData(Roles.Auditor)]
    public async Task Readers_may_not_record_a_figure(string role)
    {
        var town = await api.NewTownAsync();

        var problem = await town.RefusedAsync(() => town.PostAsync(Figures, Figure, role, HttpStatusCode.Forbidden));

        Assert.Contains(role, problem.Text("detail"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Roles.Auditor)]
    [InlineData(Roles.Recorder)]
    public async Task Only_the_office_may_import_a_plan(string role)
    {
        var town = await api.NewTownAsync(sample: null);

        await town.RefusedAsync(() => town.ImportAsync(PlanDocuments.Small(town.Tenant), role, HttpStatusCode.Forbidden));
    }

    [Theory]
    [InlineData("/plans/mima-dx/kpis/k04/measurements", "KpiMeasured")]
    [InlineData("/plans/mima-dx/kpis/k04/target-revisions", "KpiTargetRevised")]
    [InlineData("/plans/mima-dx/measures/m01/start", "MeasureStarted")]
    [InlineData("/plans/mima-dx/measures/m01/schedule/s1/complete", "ScheduleItemCompleted")]
    [InlineData("/plans/mima-dx/measures/m01/budget/2025/revisions", "BudgetRevised")]
    [InlineData("/plans/mima-dx/tolerance-revisions", "ToleranceRevised")]
    public async Task The_office_may_do_every_write(string path, string eventType)
    {
        var town = await api.NewTownAsync();
        object body = eventType switch
        {
            "KpiMeasured" => Figure,
            "KpiTargetRevised" => new { value = 300, fiscalYear = 2026, reason = "延長" },
            "BudgetRevised" => BudgetRevision,
            "ToleranceRevised" => new { onTrack = 0.1, atRisk = 0.3, reason = "見直し" },
            _ => new { on = "2025-04-01" },
        };

        var response = await town.PostAsync(path, body, Roles.Office);

        Assert.Equal(eventType, (await town.AcceptedAsync(response, (await town.EventsAsync())[^1].StreamId, eventType)).GetProperty("events")[0].Text("type"));
    }

    [Theory]
    [InlineData(Roles.Recorder)]
    [InlineData(Roles.Office)]
    [InlineData(Roles.Auditor)]
    [InlineData(Roles.Headquarters)]
    public async Task Every_role_may_read_plans_and_status(string role)
    {
        var town = await api.NewTownAsync();

        Assert.Equal("mima-dx", (await town.ReadAsync("/plans", role))[0].Text("planId"));
        Assert.Equal("mima-dx", (await town.ReadAsync("/plans/mima-dx", role)).Text("planId"));
        Assert.Equal("mima-dx", (await town.ReadAsync("/plans/mima-dx/status", role)).GetProperty("status").Text("planId"));
    }

    [Fact]
    public async Task Another_municipality_is_404_for_a_key_and_nothing_is_appended_there()
    {
        var (mine, theirs) = (await api.NewTownAsync(), await api.NewTownAsync());
        var myOffice = await mine.KeyAsync(Roles.Office);
        Task<IScenarioResult> AsMyOffice(Action<Scenario> request, HttpStatusCode status) => api.Host.Scenario(s =>
        {
            s.WithBearerToken(myOffice);
            request(s);
            s.StatusCodeShouldBe(status);
        });

        await theirs.RefusedAsync(() => AsMyOffice(s => s.Post.JsonBody(PlanDocuments.Small(theirs.Tenant)).ToUrl(theirs.Url("/plans")), HttpStatusCode.NotFound));
        await theirs.RefusedAsync(() => AsMyOffice(s => s.Post.Json(Figure).ToUrl(theirs.Url(Figures)), HttpStatusCode.NotFound));
        await theirs.RefusedAsync(() => AsMyOffice(s => s.Get.Url(theirs.Url("/plans/mima-dx")), HttpStatusCode.NotFound));
        await AsMyOffice(s => s.Get.Url(mine.Url("/plans/mima-dx")), HttpStatusCode.OK);
    }
}
