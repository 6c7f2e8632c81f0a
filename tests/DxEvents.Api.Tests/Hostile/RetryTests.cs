using System.Net;
using Alba;
using DxEvents.Api.Auth;
using DxEvents.Api.Tests.Support;

namespace DxEvents.Api.Tests.Hostile;

/// <summary>A retried request (its answer was lost) gets its first answer whatever its other preconditions say now; only the
/// same key with another request is refused (422). Nothing a refused retry sends leaves a row.</summary>
public sealed class RetryTests(ApiHost api) : IClassFixture<ApiHost>
{
    private const string Figures = "/plans/mima-dx/kpis/k04/measurements";
    private static readonly object Figure = new { fiscalYear = 2025, quarter = 2, value = 120 };

    [Fact]
    public async Task A_success_sent_again_with_its_If_Match_gets_its_first_answer_not_412()
    {
        var town = await api.NewTownAsync();
        var key = IdempotencyKey.New();
        var first = await town.PostAsync(Figures, Figure, Roles.Recorder, HttpStatusCode.OK, key, ifMatch: "\"1\"");

        var again = await town.PostAsync(Figures, Figure, Roles.Recorder, HttpStatusCode.OK, key, ifMatch: "\"1\"");

        Assert.Equal(("\"2\"", "\"2\""), (first.ETag(), again.ETag()));
        Assert.Equal(await first.ReadAsTextAsync(), await again.ReadAsTextAsync());
        Assert.Equal("true", again.Header("Idempotent-Replayed"));
    }

    [Fact]
    public async Task The_key_with_another_request_is_422_even_when_If_Match_is_stale_now()
    {
        var town = await api.NewTownAsync();
        var key = IdempotencyKey.New();
        await town.PostAsync(Figures, Figure, Roles.Recorder, HttpStatusCode.OK, key, ifMatch: "\"1\"");

        await Rows.UnchangedAsync(api, () => town.PostAsync(Figures, new { fiscalYear = 2025, quarter = 1, value = 5 }, Roles.Recorder,
            HttpStatusCode.UnprocessableEntity, key, ifMatch: "\"1\""));
    }

    [Fact]
    public async Task A_retry_is_answered_even_though_Decide_would_now_refuse_it_and_before_the_stream_is_locked()
    {
        var town = await api.NewTownAsync();
        var key = IdempotencyKey.New();
        var first = await town.PostAsync(Figures, Figure, Roles.Recorder, HttpStatusCode.OK, key);
        // An administrator holds the stream: a retry that needed its lock would wait here until the test times out.
        await using var held = await StreamLock.HoldAsync(api, town.Tenant, "plan/mima-dx/kpi/k04");

        var again = await town.PostAsync(Figures, Figure, Roles.Recorder, HttpStatusCode.OK, key).WaitAsync(TimeSpan.FromSeconds(20));

        Assert.Equal(await first.ReadAsTextAsync(), await again.ReadAsTextAsync());
    }

    [Theory]
    [InlineData(3000)]
    [InlineData(201)]
    public async Task An_Idempotency_Key_longer_than_200_characters_is_400_naming_the_header_and_leaves_nothing(int length)
    {
        var town = await api.NewTownAsync();

        await Rows.UnchangedAsync(api, async () =>
        {
            var refused = await town.PostAsync(Figures, Figure, Roles.Recorder, HttpStatusCode.BadRequest, new IdempotencyKey(new string('k', length)));
            await refused.ProblemAsync("/Idempotency-Key");
        });
    }

    [Fact]
    public async Task An_Idempotency_Key_with_a_space_or_a_control_character_is_400()
    {
        var town = await api.NewTownAsync();

        await Rows.UnchangedAsync(api, async () =>
        {
            await (await town.PostAsync(Figures, Figure, Roles.Recorder, HttpStatusCode.BadRequest, new IdempotencyKey("two words"))).ProblemAsync("/Idempotency-Key");
            await (await town.PostAsync(Figures, Figure, Roles.Recorder, HttpStatusCode.BadRequest, new IdempotencyKey("tab\tkey"))).ProblemAsync("/Idempotency-Key");
        });
    }

    [Theory]
    [InlineData(201, "")]
    [InlineData(20_000, "")]
    [InlineData(10, "\t")]
    public async Task An_X_Correlation_Id_longer_than_a_line_or_with_a_control_character_is_400_naming_the_header_and_leaves_nothing(int length, string control)
    {
        var town = await api.NewTownAsync();

        await Rows.UnchangedAsync(api, async () =>
        {
            var refused = await town.SendAsync(Roles.Recorder, s =>
            {
                s.Post.Json(Figure).ToUrl(town.Url(Figures));
                s.WithRequestHeader("X-Correlation-Id", new string('c', length) + control + "c");
                s.StatusCodeShouldBe(HttpStatusCode.BadRequest);
            });
            await refused.ProblemAsync("/X-Correlation-Id");
        });
        // The same figure with a correlation id of 200 characters is recorded and keeps it.
        var kept = new string('c', 200);
        await town.SendAsync(Roles.Recorder, s =>
        {
            s.Post.Json(Figure).ToUrl(town.Url(Figures));
            s.WithRequestHeader("X-Correlation-Id", kept);
            s.StatusCodeShouldBe(HttpStatusCode.OK);
        });
        using var metadata = System.Text.Json.JsonDocument.Parse((await town.HistoryAsync())[^1].Metadata);
        Assert.Equal(kept, metadata.RootElement.GetProperty("correlationId").GetString());
    }
}
