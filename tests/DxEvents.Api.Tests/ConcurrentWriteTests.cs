using System.Net;
using Alba;
using DxEvents.Api.Auth;
using DxEvents.Api.Tests.Support;

namespace DxEvents.Api.Tests;

public sealed class ConcurrentWriteTests(ApiHost api) : IClassFixture<ApiHost>
{
    private const string Figures = "/plans/mima-dx/kpis/k04/measurements";

    [Fact]
    public async Task Eight_figures_for_different_quarters_sent_at_once_all_succeed_because_each_decides_under_the_stream_lock()
    {
        var town = await api.NewTownAsync();
        var recorders = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => town.NewKeyAsync(Roles.Recorder)));
        // The endpoint once on another stream first: development compiles its handler on the first request, and eight first
        // requests would wait on that compilation rather than on the stream.
        await town.PostAsync("/plans/mima-dx/kpis/k05/measurements", new { fiscalYear = 2025, quarter = 1, value = 1 }, Roles.Recorder);
        // Each new key used once before the barrier: a key's first use writes its last-used time, and eight of those writes
        // at once on a loaded machine kept requests from ever reaching the stream's lock (fresh-clone CI, 2026-12-07).
        foreach (var recorder in recorders)
            await api.Host.Scenario(s =>
            {
                s.WithBearerToken(recorder);
                s.Get.Url(town.Url("/plans"));
            });

        Task<IScenarioResult[]> sending;
        await using (var held = await StreamLock.HoldAsync(api, town.Tenant, "plan/mima-dx/kpi/k04"))
        {
            sending = Task.WhenAll(recorders.Select((recorder, i) => api.Host.Scenario(s =>
            {
                s.WithBearerToken(recorder);
                s.Post.Json(new { fiscalYear = 2023 + (i / 4), quarter = (i % 4) + 1, value = i }).ToUrl(town.Url(Figures));
                s.IgnoreStatusCode();
            })));
            // All eight have read the stream at version 1 and wait: without the exclusive lock, seven would append on a
            // stale version and be refused (409).
            await held.WaitedByAsync(8, sending);
        }
        var responses = await sending;

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.Status()));
        Assert.Equal(Enumerable.Range(2, 8).Select(v => $"\"{v}\""), responses.Select(r => r.ETag()!).Order(StringComparer.Ordinal));
        Assert.Equal(8, (await town.StreamAsync("plan/mima-dx/kpi/k04")).Count(e => e.EventType == "KpiMeasured"));
        Assert.Equal(8, (await town.PlanViewAsync()).Kpi("k04").GetProperty("figures").GetArrayLength());
    }

    [Fact]
    public async Task Two_concurrent_writes_with_the_same_If_Match_store_one_and_refuse_the_other_with_412()
    {
        var town = await api.NewTownAsync();
        var etag = (await town.PostAsync("/plans/mima-dx/measures/m04/start", new { on = "2023-04-01" })).ETag()!;
        var offices = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => town.NewKeyAsync(Roles.Office)));
        await town.PostAsync("/plans/mima-dx/measures/m05/budget/2025/revisions", new { total = 1, generalFunds = 0, reason = "準備" });

        Task<IScenarioResult[]> sending;
        await using (var held = await StreamLock.HoldAsync(api, town.Tenant, "plan/mima-dx/measure/m04"))
        {
            sending = Task.WhenAll(offices.Select((office, i) => api.Host.Scenario(s =>
            {
                s.WithBearerToken(office);
                s.Post.Json(new { total = 1000 + i, generalFunds = 0, reason = "補正" }).ToUrl(town.Url("/plans/mima-dx/measures/m04/budget/2025/revisions"));
                s.WithRequestHeader("If-Match", etag);
                s.IgnoreStatusCode();
            })));
            await held.WaitedByAsync(2, sending);
        }
        var responses = await sending;

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.PreconditionFailed], responses.Select(r => r.Status()).Order());
        Assert.Single(await town.StreamAsync("plan/mima-dx/measure/m04"), e => e.EventType == "BudgetRevised");
    }
}
