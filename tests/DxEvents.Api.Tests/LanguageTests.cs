using System.Net;
using System.Text.Json;
using Alba;
using DxEvents.Api.Auth;
using DxEvents.Api.Tests.Support;

namespace DxEvents.Api.Tests;

/// <summary>
/// Texts for people are Japanese by default and English with Accept-Language: en; what a program reads (status, title, code,
/// field, pointers, the status words) is the same in both. One refusal of each kind, asked both ways; then the status reasons.
/// </summary>
public sealed class LanguageTests(ApiHost api) : IClassFixture<ApiHost>
{
    private const string Figures = "/plans/mima-dx/kpis/k04/measurements";

    [Fact]
    public async Task A_broken_domain_rule_names_the_quarter_and_the_recorded_figure_in_both_and_links_the_correction()
    {
        var town = await api.NewTownAsync();
        await town.PostAsync(Figures, new { fiscalYear = 2025, quarter = 2, value = 1200 }, Roles.Recorder);

        var (ja, en) = await BothAsync(town, language =>
            town.PostAsync(Figures, new { fiscalYear = 2025, quarter = 2, value = 1250 }, Roles.Recorder, HttpStatusCode.Conflict, language: language));

        Assert.Equal(("Conflicts with the current state", "figure-already-recorded", "quarter"), (ja.Text("title"), ja.Text("code"), ja.Text("field")));
        Assert.Equal("FY2025 Q2（令和7年度第2四半期）の実績値は既に 1,200 が記録されています。変更するには、理由を添えて訂正してください。",
            ja.Text("detail"));
        Assert.Equal("FY2025 Q2（令和7年度第2四半期） already has the figure 1200. To change it, send a correction with a reason.", en.Text("detail"));
        Assert.Equal([("/quarter", ja.Text("detail"))], Errors(ja));
        // Where to send the correction is the service's to say, not the domain's: a link beside the words, in no language.
        Assert.Equal(town.Url("/plans/mima-dx/kpis/k04/measurements/2025/2/corrections"), ja.GetProperty("links").Text("correction"));
        Assert.Equal(ja.GetProperty("links").GetRawText(), en.GetProperty("links").GetRawText());
    }

    [Fact]
    public async Task A_rule_broken_whatever_the_state_is_said_in_both()
    {
        var town = await api.NewTownAsync();

        var (ja, en) = await BothAsync(town, language =>
            town.PostAsync(Figures, new { fiscalYear = 2025, quarter = 4, value = 1 }, Roles.Recorder, HttpStatusCode.UnprocessableEntity, language: language));

        Assert.Equal("quarter-not-started", ja.Text("code"));
        Assert.Equal("FY2025 Q4（令和7年度第4四半期）は2026年1月1日に始まる四半期のため、まだ実績値を記録できません。", ja.Text("detail"));
        Assert.Equal("FY2025 Q4（令和7年度第4四半期） starts on 2026-01-01; it has no figure yet.", en.Text("detail"));
    }

    [Fact]
    public async Task Bad_input_names_each_field_by_its_pointer_in_both()
    {
        var town = await api.NewTownAsync();

        var (ja, en) = await BothAsync(town, language =>
            town.PostAsync(Figures, """{ "quarter": "2", "value": "NaN" }""", Roles.Recorder, HttpStatusCode.BadRequest, language: language));

        Assert.Equal(("Invalid request", "fiscalYear"), (ja.Text("title"), ja.Text("field")));
        Assert.Equal(
            [("/fiscalYear", "'fiscalYear' は必須です。"), ("/quarter", "'quarter' は整数にしてください。"),
                ("/value", "'value' は数値にしてください（NaN や Infinity は数値ではありません）。")],
            Errors(ja));
        Assert.Equal(
            [("/fiscalYear", "'fiscalYear' is required."), ("/quarter", "'quarter' must be a whole number."),
                ("/value", "'value' must be a number (NaN and Infinity are not numbers).")],
            Errors(en));
        Assert.Equal(["required", "wrong-type", "wrong-type"], ja.GetProperty("errors").EnumerateArray().Select(e => e.Text("code")));
    }

    [Fact]
    public async Task Malformed_JSON_and_a_body_over_1_MiB_are_said_in_both()
    {
        var town = await api.NewTownAsync();

        var (ja, en) = await BothAsync(town, language =>
            town.PostAsync(Figures, """{ "fiscalYear": 2025,""", Roles.Recorder, HttpStatusCode.BadRequest, language: language));
        Assert.Equal(("Malformed JSON", "malformed-json"), (ja.Text("title"), ja.Text("code")));
        Assert.Equal("本文が正しい JSON ではありません（1 行目の 21 バイト目）。", ja.Text("detail"));
        Assert.StartsWith("The body is not valid JSON: ", en.Text("detail"), StringComparison.Ordinal);

        var large = new { fiscalYear = 2025, quarter = 2, value = 1, note = new string('x', 1024 * 1024) };
        (ja, en) = await BothAsync(town, language =>
            town.PostAsync(Figures, large, Roles.Recorder, HttpStatusCode.RequestEntityTooLarge, language: language));
        Assert.Equal("本文が 1,048,576 バイト（1 MiB）を超えています。", ja.Text("detail"));
        Assert.Equal("The body is larger than 1048576 bytes (1 MiB).", en.Text("detail"));
    }

    [Fact]
    public async Task No_key_a_role_without_the_right_and_another_municipality_are_said_in_both()
    {
        var (town, other) = (await api.NewTownAsync(), await api.NewTownAsync());
        var otherKey = await other.KeyAsync(Roles.Office);
        Task<IScenarioResult> Send(string? key, string? language, HttpStatusCode status) => api.Host.Scenario(s =>
        {
            if (key is not null)
                s.WithBearerToken(key);
            if (language is not null)
                s.WithRequestHeader("Accept-Language", language);
            s.Post.Json(new { fiscalYear = 2025, quarter = 2, value = 1 }).ToUrl(town.Url(Figures));
            s.StatusCodeShouldBe(status);
        });

        var (ja, en) = await BothAsync(town, language => Send(null, language, HttpStatusCode.Unauthorized));
        Assert.Equal(("Authentication required", "authentication-required"), (ja.Text("title"), ja.Text("code")));
        Assert.Equal("API キーを 'Authorization: Bearer <キー>' で送ってください。キーは 'dxevents keys create' で作成します。", ja.Text("detail"));
        Assert.Equal("Send an API key as 'Authorization: Bearer <key>'. Keys are made with 'dxevents keys create'.", en.Text("detail"));

        (ja, en) = await BothAsync(town, language =>
            town.PostAsync(Figures, new { fiscalYear = 2025, quarter = 2, value = 1 }, Roles.Headquarters, HttpStatusCode.Forbidden, language: language));
        Assert.Equal(("role-not-allowed", "役割 'headquarters' のキーではこの操作はできません。"), (ja.Text("code"), ja.Text("detail")));
        Assert.Equal("The role 'headquarters' may not do this.", en.Text("detail"));

        (ja, en) = await BothAsync(town, language => Send(otherKey, language, HttpStatusCode.NotFound));
        Assert.Equal(("municipality-not-found", $"このキーで扱える自治体に '{town.Tenant}' はありません。"), (ja.Text("code"), ja.Text("detail")));
        Assert.Equal($"No municipality '{town.Tenant}' for this key.", en.Text("detail"));
    }

    [Fact]
    public async Task A_stale_If_Match_is_said_in_both()
    {
        var town = await api.NewTownAsync();
        const string M01 = "/plans/mima-dx/measures/m01";
        var stale = (await town.PostAsync($"{M01}/start", new { on = "2025-04-01" })).ETag();
        var current = (await town.PostAsync($"{M01}/suspend", new { on = "2025-05-01", reason = "予算凍結" })).ETag();

        var (ja, en) = await BothAsync(town, language => town.PostAsync($"{M01}/resume", new { on = "2025-06-01", reason = "再開" },
            status: HttpStatusCode.PreconditionFailed, ifMatch: stale, language: language));

        Assert.Equal(("Version mismatch", "version-mismatch"), (ja.Text("title"), ja.Text("code")));
        Assert.Equal($"If-Match はバージョン {stale!.Trim('"')} を指定していますが、ストリームは既にバージョン {current!.Trim('"')} です。"
            + "読み込み直してから、もう一度操作してください。", ja.Text("detail"));
        Assert.Equal($"If-Match expected version {stale.Trim('"')}, but the stream is at version {current.Trim('"')}. Reload and try again.", en.Text("detail"));
    }

    [Fact]
    public async Task An_Idempotency_Key_reused_for_another_request_is_said_in_both()
    {
        var town = await api.NewTownAsync();
        var key = IdempotencyKey.New();
        await town.PostAsync(Figures, new { fiscalYear = 2025, quarter = 2, value = 120 }, Roles.Recorder, key: key);

        var (ja, en) = await BothAsync(town, language => town.PostAsync(Figures, new { fiscalYear = 2025, quarter = 1, value = 110 }, Roles.Recorder,
            HttpStatusCode.UnprocessableEntity, key, language: language));

        Assert.Equal(("Idempotency-Key reused", "idempotency-key-reused"), (ja.Text("title"), ja.Text("code")));
        Assert.Equal($"Idempotency-Key '{key.Value}' は別の要求で使われています。新しいキーを使ってください。", ja.Text("detail"));
        Assert.Equal($"The Idempotency-Key '{key.Value}' was already used for a different request; use a new key.", en.Text("detail"));
    }

    [Fact]
    public async Task A_plan_documents_problems_and_warnings_are_said_in_both_and_the_stored_warnings_stay_Japanese()
    {
        var town = await api.NewTownAsync(sample: null);
        var broken = PlanDocuments.Small(town.Tenant).Replace("\"pillar\": \"p1\"", "\"pillar\": \"p9\"", StringComparison.Ordinal);

        var (ja, en) = await BothAsync(town, language => town.PostAsync("/plans", broken, status: HttpStatusCode.UnprocessableEntity, language: language));
        Assert.Equal([("/measures/0/pillar", "基本方針 'p9' は pillars にありません")], Errors(ja));
        Assert.Equal([("/measures/0/pillar", "unknown pillar 'p9'")], Errors(en));

        var imported = await town.PostAsync("/plans", PlanDocuments.Sample("mima", town.Tenant), status: HttpStatusCode.Created, language: "en");
        var warning = (await imported.ReadAsJsonAsync<JsonElement>()).GetProperty("warnings").EnumerateArray()
            .Single(w => w.Text("pointer") == "/measures/0/budget/1/generalFunds");
        Assert.Equal("一般財源 3,398 exceeds 事業費 3,388; kept as printed.", warning.Text("detail"));
        var stored = JsonDocument.Parse((await town.EventsAsync())[0].Metadata).RootElement.GetProperty("warnings").EnumerateArray().Select(w => w.GetString());
        Assert.Contains("/measures/0/budget/1/generalFunds: 一般財源 3,398 が事業費 3,388 を上回っています。記載どおりに保存しました。", stored);
    }

    [Fact]
    public async Task English_is_chosen_by_Accept_Language_as_browsers_send_it_and_anything_else_is_Japanese()
    {
        var town = await api.NewTownAsync();
        async Task<(string? Detail, string? Language)> Ask(string language)
        {
            var answer = await town.GetAsync("/plans/other-plan", status: HttpStatusCode.NotFound, language: language);
            return ((await answer.ProblemAsync()).Text("detail"), answer.Header("Content-Language"));
        }

        const string English = "No plan 'other-plan' in this municipality.";
        const string Japanese = "この自治体に計画 'other-plan' はありません。";
        Assert.Equal((English, "en"), await Ask("en-US,en;q=0.9,ja;q=0.8"));
        Assert.Equal((English, "en"), await Ask("fr-FR, en;q=0.5"));
        Assert.Equal((Japanese, "ja"), await Ask("ja-JP,ja;q=0.9,en;q=0.8"));
        Assert.Equal((Japanese, "ja"), await Ask("fr"));
        Assert.Equal((Japanese, "ja"), await Ask("*"));
    }

    [Fact]
    public async Task Status_reasons_are_said_in_both_and_the_status_words_are_the_same()
    {
        var town = await api.NewTownAsync();
        await town.PostAsync("/plans/mima-dx/measures/m05/start", new { on = "2023-04-01" });
        await town.PostAsync("/plans/mima-dx/kpis/k05/measurements", new { fiscalYear = 2024, quarter = 4, value = 120 });
        const string Path = "/plans/mima-dx/status?reportingDate=2025-11-20";

        var ja = (await town.ReadAsync(Path)).GetProperty("status");
        var en = (await town.ReadAsync(Path, language: "en")).GetProperty("status");

        Assert.Equal(("not_started", "2025年11月20日の時点で施策が始まっていません。"), (ja.MeasureStatus("m01").Text("status"), ja.MeasureStatus("m01").Text("reason")));
        Assert.Equal(("not_started", "The measure had not started by 2025-11-20."), (en.MeasureStatus("m01").Text("status"), en.MeasureStatus("m01").Text("reason")));
        Assert.Equal(("no_data", "最新の実績値はFY2024 Q4（令和6年度第4四半期）のもので、直近2四半期（FY2025 Q1（令和7年度第1四半期）・FY2025 Q2（令和7年度第2四半期））の値がありません。"),
            (ja.KpiStatus("k05").Text("status"), ja.KpiStatus("k05").Text("reason")));
        Assert.Equal(("no_data", "The latest figure is for FY2024 Q4（令和6年度第4四半期）; none for FY2025 Q1（令和7年度第1四半期） or FY2025 Q2（令和7年度第2四半期）."),
            (en.KpiStatus("k05").Text("status"), en.KpiStatus("k05").Text("reason")));
    }

    /// <summary>The same request without Accept-Language and with Accept-Language: en; both refused alike, nothing stored.</summary>
    private static async Task<(JsonElement Ja, JsonElement En)> BothAsync(Town town, Func<string?, Task<IScenarioResult>> send)
    {
        IScenarioResult? answer = null;
        var ja = await town.RefusedAsync(async () => answer = await send(null));
        Assert.Equal("ja", answer!.Header("Content-Language"));
        var en = await town.RefusedAsync(async () => answer = await send("en"));
        Assert.Equal("en", answer!.Header("Content-Language"));

        Assert.Equal(Machine(ja), Machine(en));
        Assert.NotEqual(ja.Text("detail"), en.Text("detail"));
        return (ja, en);
    }

    /// <summary>What a program reads: the same whatever the language.</summary>
    private static string Machine(JsonElement problem) => string.Join("|",
        problem.GetProperty("status").GetInt32(), problem.Text("title"), problem.Text("code"),
        problem.TryGetProperty("field", out var field) ? field.GetString() : "",
        string.Join(",", problem.TryGetProperty("errors", out var errors) ? errors.EnumerateArray().Select(e => $"{e.Text("pointer")} {e.Text("code")}") : []));

    private static IReadOnlyList<(string?, string?)> Errors(JsonElement problem) =>
        [.. problem.GetProperty("errors").EnumerateArray().Select(e => (e.Text("pointer"), e.Text("detail")))];
}
