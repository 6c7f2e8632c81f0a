using System.Net;
using Alba;
using DxEvents.Api.Auth;
using DxEvents.Api.Tests.Support;

namespace DxEvents.Api.Tests;

public sealed class IdempotencyTests(ApiHost api) : IClassFixture<ApiHost>
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
    [InlineData(Figures, "KpiMeasured")]
    [InlineData("/plans/mima-dx/measures/m01/start", "MeasureStarted")]
    [InlineData("/plans", "PlanAdopted")]
    public async Task Concurrent_identical_requests_with_one_key_store_once_and_all_get_the_same_answer(string path, string eventType)
    {
        var town = await api.NewTownAsync(sample: eventType == "PlanAdopted" ? null : "mima");
        var key = IdempotencyKey.New();
        var body = eventType switch
        {
            "KpiMeasured" => Figure,
            "MeasureStarted" => new { on = "2025-04-01" },
            _ => PlanDocuments.Sample("omitama", town.Tenant),
        };
        var offices = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => town.NewKeyAsync(Roles.Office)));

        var responses = await Task.WhenAll(offices.Select(office => api.Host.Scenario(s =>
        {
            s.WithBearerToken(office);
            s.Post.JsonBody(body).ToUrl(town.Url(path));
            s.WithRequestHeader("Idempotency-Key", key.Value);
            s.IgnoreStatusCode();
        })));

        var answers = await Task.WhenAll(responses.Select(async r => ((int)r.Status(), r.ETag(), await r.ReadAsTextAsync())));
        Assert.All(answers, a => Assert.Equal(answers[0], a));
        Assert.Equal(eventType == "PlanAdopted" ? 201 : 200, answers[0].Item1);
        Assert.Single(await town.EventsAsync(), e => e.EventType == eventType);
    }
}
