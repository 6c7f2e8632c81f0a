using System.Net;
using Alba;
using DxEvents.Api.Auth;
using DxEvents.Api.Tests.Support;

namespace DxEvents.Api.Tests;

public sealed class IdempotencyTests(TracedApiHost api) : IClassFixture<TracedApiHost>
{
    private const string Figures = "/plans/mima-dx/kpis/k04/measurements";
    private const string Stream = "plan/mima-dx/kpi/k04";
    private static readonly object Figure = new { fiscalYear = 2025, quarter = 2, value = 120 };

    [Fact]
    public async Task The_same_request_with_the_same_key_gets_the_first_answer_again_and_stores_one_event()
    {
        var town = await api.NewTownAsync();
        var key = IdempotencyKey.New();

        var first = await town.PostAsync(Figures, Figure, Roles.Recorder, HttpStatusCode.OK, key);
        var again = await town.PostAsync(Figures, Figure, Roles.Recorder, HttpStatusCode.OK, key);

        Assert.Equal(await first.ReadAsTextAsync(), await again.ReadAsTextAsync());
        Assert.Equal(first.ETag(), again.ETag());
        Assert.True(again.Context.Response.Headers.ContainsKey("Idempotent-Replayed"));
        Assert.Single(await town.StreamAsync(Stream), e => e.EventType == "KpiMeasured");
    }

    [Fact]
    public async Task An_import_retried_with_its_key_answers_201_again_instead_of_409()
    {
        var town = await api.NewTownAsync(sample: null);
        var document = PlanDocuments.Sample("misaki", town.Tenant);
        var key = IdempotencyKey.New();

        var first = await town.PostAsync("/plans", document, Roles.Office, HttpStatusCode.Created, key);
        var events = await town.EventCountAsync();
        var again = await town.PostAsync("/plans", document, Roles.Office, HttpStatusCode.Created, key);

        Assert.Equal(first.Header("Location"), again.Header("Location"));
        Assert.Equal(await first.ReadAsTextAsync(), await again.ReadAsTextAsync());
        Assert.Equal(events, await town.EventCountAsync());
    }

    [Fact]
    public async Task The_same_key_with_a_different_body_is_422_and_stores_nothing()
    {
        var town = await api.NewTownAsync();
        var key = IdempotencyKey.New();
        await town.PostAsync(Figures, Figure, Roles.Recorder, key: key);

        await town.RefusedAsync(() => town.PostAsync(Figures, new { fiscalYear = 2025, quarter = 1, value = 99 }, Roles.Recorder,
            HttpStatusCode.UnprocessableEntity, key));
    }

    [Fact]
    public async Task The_same_key_on_another_path_is_422()
    {
        var town = await api.NewTownAsync();
        var key = IdempotencyKey.New();
        await town.PostAsync(Figures, Figure, Roles.Recorder, key: key);

        await town.RefusedAsync(() => town.PostAsync("/plans/mima-dx/kpis/k05/measurements", Figure, Roles.Recorder,
            HttpStatusCode.UnprocessableEntity, key));
    }

    [Theory]
    [InlineData(Figures, "KpiMeasured", "RecordKpiFigure", "plan/mima-dx/kpi/k04")]
    [InlineData("/plans/mima-dx/measures/m01/start", "MeasureStarted", "StartMeasure", "plan/mima-dx/measure/m01")]
    public async Task Concurrent_twins_on_one_stream_wait_for_its_lock_and_all_but_the_first_are_answered_by_the_replay_under_the_lock(
        string path, string eventType, string command, string stream)
    {
        var town = await api.NewTownAsync();
        var key = IdempotencyKey.New();
        object body = eventType == "KpiMeasured" ? Figure : new { on = "2025-04-01" };
        var offices = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => town.NewKeyAsync(Roles.Office)));
        // The endpoint once on another stream first, with a key: development compiles the handler and Marten's storage of the
        // key's record on first use, and eight first requests would wait on that compilation rather than on the stream.
        await town.PostAsync(eventType == "KpiMeasured" ? "/plans/mima-dx/kpis/k05/measurements" : "/plans/mima-dx/measures/m02/start", body, Roles.Office,
            key: IdempotencyKey.New());

        Task<IScenarioResult[]> sending;
        await using (var held = await StreamLock.HoldAsync(api, town.Tenant, stream))
        {
            sending = Task.WhenAll(offices.Select(office => Send(office, town, path, body, key)));
            // Twins have passed the check before the lock (no answer yet) and wait for the stream together.
            await held.WaitedByAsync(2);
        }
        var responses = await sending;

        var answers = await Task.WhenAll(responses.Select(async r => ((int)r.Status(), r.ETag(), await r.ReadAsTextAsync())));
        Assert.All(answers, a => Assert.Equal(answers[0], a));
        Assert.Equal(200, answers[0].Item1);
        Assert.Single(await town.StreamAsync(stream), e => e.EventType == eventType);
        // Which step answered each: the first appended; each twin found its answer right after taking the lock, none failed
        // on the stream the first changed and borrowed its answer afterwards.
        // (The warm-up request appended too: two without a tag.) A twin that came after the commit is answered first thing.
        var paths = await PathsAsync(town, command, 9);
        Assert.Equal(2, paths.Count(p => p is null));
        Assert.Contains("replayed-in-handler", paths);
        Assert.All(paths.Where(p => p is not null), p => Assert.Contains(p, new[] { "replayed-in-handler", "replayed-first" }));
    }

    [Fact]
    public async Task Concurrent_twin_imports_store_once_and_each_loser_is_answered_by_the_twin_that_committed()
    {
        var town = await api.NewTownAsync(sample: null);
        var key = IdempotencyKey.New();
        var document = PlanDocuments.Sample("omitama", town.Tenant);
        var offices = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => town.NewKeyAsync(Roles.Office)));
        // A barrier: every request is started and waiting before any is sent.
        var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var sending = offices.Select(async office =>
        {
            await go.Task;
            return await Send(office, town, "/plans", document, key);
        }).ToList();
        go.SetResult();
        var responses = await Task.WhenAll(sending);

        var answers = await Task.WhenAll(responses.Select(async r => ((int)r.Status(), r.ETag(), await r.ReadAsTextAsync())));
        Assert.All(answers, a => Assert.Equal(answers[0], a));
        Assert.Equal(201, answers[0].Item1);
        Assert.Single(await town.EventsAsync(), e => e.EventType == "PlanAdopted");
        // No stream to lock: a twin either came after the commit (answered first thing, or in the handler before it decides) or
        // failed on the streams the first started and was answered with the first one's record.
        var paths = await PathsAsync(town, "ImportPlan", 8);
        Assert.Single(paths, p => p is null);
        Assert.All(paths.Where(p => p is not null), p => Assert.Contains(p, new[] { "replayed-first", "replayed-in-handler", "replayed-for-twin" }));
    }

    private Task<IScenarioResult> Send(string office, Town town, string path, object body, IdempotencyKey key) => api.Host.Scenario(s =>
    {
        s.WithBearerToken(office);
        s.Post.JsonBody(body).ToUrl(town.Url(path));
        s.WithRequestHeader("Idempotency-Key", key.Value);
        s.IgnoreStatusCode();
    });

    /// <summary>The dxevents.idempotency tag of each request span of <paramref name="command"/> in the town (null: it appended).</summary>
    private async Task<List<string?>> PathsAsync(Town town, string command, int count)
    {
        for (var i = 0; i < 200; i++)
        {
            List<System.Diagnostics.Activity> spans;
            lock (api.Spans)
                spans = [.. api.Spans.Where(s => s.Kind == System.Diagnostics.ActivityKind.Server
                    && Equals(s.GetTagItem("dxevents.tenant"), town.Tenant) && Equals(s.GetTagItem("dxevents.command"), command))];
            if (spans.Count >= count)
                return [.. spans.Select(s => s.GetTagItem("dxevents.idempotency") as string)];
            await Task.Delay(25);
        }
        throw new TimeoutException("The request spans were not exported.");
    }
}
