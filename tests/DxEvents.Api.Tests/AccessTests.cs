using System.Net;
using System.Net.Http.Headers;
using DxEvents.Api.Auth;
using DxEvents.Api.Tests.Support;

namespace DxEvents.Api.Tests;

public sealed class AccessTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private static readonly object Figure = new { fiscalYear = 2025, quarter = 2, value = 120 };
    private static readonly object BudgetRevision = new { total = 6000, generalFunds = 3000, reason = "補正予算" };

    [Fact]
    public async Task Without_a_key_a_request_is_401_with_a_Bearer_challenge()
    {
        var town = await api.NewTownAsync();

        var problem = await town.RefusedAsync(() => api.CreateClient().PostJsonAsync(town.Url("/plans/mima-dx/kpis/k04/measurements"), Figure),
            HttpStatusCode.Unauthorized);

        using var read = await api.CreateClient().GetAsync(town.Url("/plans"));
        Assert.Equal(HttpStatusCode.Unauthorized, read.StatusCode);
        Assert.Equal("Bearer", read.Headers.WwwAuthenticate.Single().Scheme);
        Assert.Contains("Bearer", problem.Text("detail"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("dxk_{0}_not-a-key-anyone-made")]
    [InlineData("dxk_{0}")]
    [InlineData("garbage")]
    public async Task An_unknown_key_is_401(string token)
    {
        var town = await api.NewTownAsync();
        var client = api.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", string.Format(System.Globalization.CultureInfo.InvariantCulture, token, town.Tenant));

        await town.RefusedAsync(() => client.PostJsonAsync(town.Url("/plans/mima-dx/kpis/k04/measurements"), Figure), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_recorder_may_not_revise_a_budget()
    {
        var town = await api.NewTownAsync();

        await town.RefusedAsync(() => town.PostAsync("/plans/mima-dx/measures/m01/budget/2025/revisions", BudgetRevision, Roles.Recorder),
            HttpStatusCode.Forbidden);
    }

    [Theory]
    [InlineData(Roles.Headquarters)]
    [InlineData(Roles.Auditor)]
    public async Task Readers_may_not_record_a_figure(string role)
    {
        var town = await api.NewTownAsync();

        var problem = await town.RefusedAsync(() => town.PostAsync("/plans/mima-dx/kpis/k04/measurements", Figure, role), HttpStatusCode.Forbidden);

        Assert.Contains(role, problem.Text("detail"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Roles.Auditor)]
    [InlineData(Roles.Recorder)]
    public async Task Only_the_office_may_import_a_plan(string role)
    {
        var town = await api.NewTownAsync(sample: null);

        await town.RefusedAsync(() => town.ImportAsync(PlanDocuments.Small(town.Tenant), role), HttpStatusCode.Forbidden);
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

        using var response = await town.PostAsync(path, body, Roles.Office);

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

        Assert.Equal("mima-dx", (await (await town.GetAsync("/plans", role)).JsonAsync())[0].Text("planId"));
        Assert.Equal("mima-dx", (await (await town.GetAsync("/plans/mima-dx", role)).JsonAsync()).Text("planId"));
        Assert.Equal("mima-dx", (await (await town.GetAsync("/plans/mima-dx/status", role)).JsonAsync()).GetProperty("status").Text("planId"));
    }

    [Fact]
    public async Task Another_municipality_is_404_for_a_key_and_nothing_is_appended_there()
    {
        var (mine, theirs) = (await api.NewTownAsync(), await api.NewTownAsync());
        var myOffice = await mine.As(Roles.Office);

        await theirs.RefusedAsync(() => myOffice.PostJsonAsync(theirs.Url("/plans"), PlanDocuments.Small(theirs.Tenant)), HttpStatusCode.NotFound);
        await theirs.RefusedAsync(() => myOffice.PostJsonAsync(theirs.Url("/plans/mima-dx/kpis/k04/measurements"), Figure), HttpStatusCode.NotFound);
        await theirs.RefusedAsync(() => myOffice.GetAsync(theirs.Url("/plans/mima-dx")), HttpStatusCode.NotFound);
        Assert.Equal(HttpStatusCode.OK, (await myOffice.GetAsync(mine.Url("/plans/mima-dx"))).StatusCode);
    }
}
