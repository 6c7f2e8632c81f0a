using System.Net;
using Alba;
using DxEvents.Api.Auth;
using DxEvents.Api.Tests.Support;

namespace DxEvents.Api.Tests;

public sealed class ConcurrentWriteTests(ApiHost api) : IClassFixture<ApiHost>
{
    private const string Figures = "/plans/mima-dx/kpis/k04/measurements";

    [Fact]
    public async Task Three_concurrent_figures_for_different_quarters_all_succeed_by_deciding_again()
    {
        var town = await api.NewTownAsync();
        var recorders = await Task.WhenAll(Enumerable.Range(1, 3).Select(_ => town.NewKeyAsync(Roles.Recorder)));

        var responses = await Task.WhenAll(recorders.Select((recorder, i) => api.Host.Scenario(s =>
        {
            s.WithBearerToken(recorder);
            s.Post.Json(new { fiscalYear = 2024, quarter = i + 1, value = i }).ToUrl(town.Url(Figures));
            s.StatusCodeShouldBe(HttpStatusCode.OK);
        })));

        Assert.Equal(["\"2\"", "\"3\"", "\"4\""], responses.Select(r => r.ETag()).Order(StringComparer.Ordinal));
        Assert.Equal(3, (await town.PlanViewAsync()).Kpi("k04").GetProperty("figures").GetArrayLength());
    }

    [Fact]
    public async Task Of_many_concurrent_figures_each_is_either_stored_or_refused_with_409_never_half()
    {
        var town = await api.NewTownAsync();
        var recorders = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => town.NewKeyAsync(Roles.Recorder)));

        var responses = await Task.WhenAll(recorders.Select((recorder, i) => api.Host.Scenario(s =>
        {
            s.WithBearerToken(recorder);
            s.Post.Json(new { fiscalYear = 2023 + (i / 4), quarter = (i % 4) + 1, value = i }).ToUrl(town.Url(Figures));
            s.IgnoreStatusCode();
        })));

        Assert.All(responses, r => Assert.Contains(r.Status(), new[] { HttpStatusCode.OK, HttpStatusCode.Conflict }));
        var stored = (await town.StreamAsync("plan/mima-dx/kpi/k04")).Count(e => e.EventType == "KpiMeasured");
        Assert.Equal(responses.Count(r => r.Status() == HttpStatusCode.OK), stored);
        Assert.Equal(stored, (await town.PlanViewAsync()).Kpi("k04").GetProperty("figures").GetArrayLength());
    }

    [Fact]
    public async Task Two_concurrent_writes_with_the_same_If_Match_store_one_and_refuse_the_other_with_412()
    {
        var town = await api.NewTownAsync();
        var etag = (await town.PostAsync("/plans/mima-dx/measures/m04/start", new { on = "2023-04-01" })).ETag()!;
        var offices = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => town.NewKeyAsync(Roles.Office)));

        var responses = await Task.WhenAll(offices.Select((office, i) => api.Host.Scenario(s =>
        {
            s.WithBearerToken(office);
            s.Post.Json(new { total = 1000 + i, generalFunds = 0, reason = "補正" }).ToUrl(town.Url("/plans/mima-dx/measures/m04/budget/2025/revisions"));
            s.WithRequestHeader("If-Match", etag);
            s.IgnoreStatusCode();
        })));

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.PreconditionFailed], responses.Select(r => r.Status()).Order());
        Assert.Single(await town.StreamAsync("plan/mima-dx/measure/m04"), e => e.EventType == "BudgetRevised");
    }
}
