using System.Net;
using DxEvents.Api.Auth;
using DxEvents.Domain;
using DxEvents.Web.Tests.Support;
using Microsoft.Playwright;

namespace DxEvents.Web.Tests.Hostile;

/// <summary>What a person (or a hand-made request) can send the pages beyond their forms: a submission key reused with other
/// content, a query value the page cannot read. Never 「…記録しました」 for what was not recorded, never a 500.</summary>
[Collection(WebCollection.Name)]
public sealed class HostilePageTests(WebApp app)
{
    private const string Plan = "omitama-dx";

    [Fact]
    public async Task A_form_resent_with_other_values_under_the_same_submission_key_is_refused_in_Japanese_and_records_nothing()
    {
        await app.CreateAsync("rec-reuse", "omitama");
        await using var context = await app.NewContextAsync();
        var page = await context.SignInAsync(WebApp.DemoKey(Roles.Recorder, "rec-reuse"));
        await page.OpenAsync($"/plans/{Plan}/measures/m02/progress");
        await page.GetByLabel("開始日").FillAsync("2022-04-01");
        await page.GetByRole(AriaRole.Button, new() { Name = "開始を記録する" }).ClickAsync();
        await page.OpenAsync($"/plans/{Plan}/entry?q=2024-4");
        var fields = new Dictionary<string, string>();
        foreach (var name in new[] { "submission", "q", "__RequestVerificationToken" })
            fields[name] = await page.Locator($"main form[method=post] input[name={name}]").InputValueAsync();

        var first = await PostAsync(context, fields, ("values[k01]", "27"));
        // Back, edit, submit again: another value, then another quarter, with the same submission key.
        var otherValue = await PostAsync(context, fields, ("values[k01]", "99"));
        var otherQuarter = await PostAsync(context, new Dictionary<string, string>(fields) { ["q"] = "2024-3" }, ("values[k01]", "27"));

        Assert.Equal((int)HttpStatusCode.Redirect, first.Status);
        foreach (var refused in new[] { otherValue, otherQuarter })
        {
            var text = await refused.TextAsync();
            Assert.True(refused.Status == (int)HttpStatusCode.UnprocessableEntity, $"{refused.Status}");
            Assert.Contains("このフォームは既に別の内容で送信され、記録されています。今回の内容は記録していません。", text, StringComparison.Ordinal);
            Assert.DoesNotContain("記録しました", text, StringComparison.Ordinal);
        }
        var events = await app.StreamEventsAsync("rec-reuse", StreamIds.Kpi(Plan, "k01"));
        Assert.Single(events, e => (string)e!["type"]! == "KpiMeasured");
    }

    [Theory]
    [InlineData("/audit/export?until=garbage", "until")]
    [InlineData("/audit/export?until=9999-12-31", "until")]
    public async Task A_query_value_a_page_cannot_read_is_a_400_page_in_Japanese_naming_it_not_a_500(string path, string parameter)
    {
        await using var context = await app.NewContextAsync();
        await context.SignInAsync(WebApp.DemoKey(Roles.Auditor));

        var response = await context.APIRequest.GetAsync(path);

        Assert.Equal((int)HttpStatusCode.BadRequest, response.Status);
        Assert.StartsWith("text/html", response.Headers["content-type"], StringComparison.Ordinal);
        var text = await response.TextAsync();
        Assert.Contains("要求を受け付けられませんでした", text, StringComparison.Ordinal);
        Assert.Contains(parameter + " ", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_form_posted_with_a_correlation_id_the_record_would_not_keep_is_refused_and_records_nothing()
    {
        await app.CreateAsync("rec-correlation", "omitama");
        await using var context = await app.NewContextAsync();
        var page = await context.SignInAsync(WebApp.DemoKey(Roles.Recorder, "rec-correlation"));
        await page.OpenAsync($"/plans/{Plan}/measures/m02/progress");
        await page.GetByLabel("開始日").FillAsync("2022-04-01");
        await page.GetByRole(AriaRole.Button, new() { Name = "開始を記録する" }).ClickAsync();
        await page.OpenAsync($"/plans/{Plan}/entry?q=2024-4");
        var fields = new Dictionary<string, string>();
        foreach (var name in new[] { "submission", "q", "__RequestVerificationToken" })
            fields[name] = await page.Locator($"main form[method=post] input[name={name}]").InputValueAsync();

        var refused = await PostAsync(context, fields, new Dictionary<string, string> { ["X-Correlation-Id"] = new string('c', 20_000) }, ("values[k01]", "27"));

        var text = await refused.TextAsync();
        Assert.True(refused.Status == (int)HttpStatusCode.UnprocessableEntity, $"{refused.Status}");
        Assert.Contains("X-Correlation-Id は 200 文字以内の1行", text, StringComparison.Ordinal);
        Assert.DoesNotContain("記録しました", text, StringComparison.Ordinal);
        var events = await app.StreamEventsAsync("rec-correlation", StreamIds.Kpi(Plan, "k01"));
        Assert.DoesNotContain(events, e => (string)e!["type"]! == "KpiMeasured");
    }

    private static Task<IAPIResponse> PostAsync(IBrowserContext context, IReadOnlyDictionary<string, string> fields, params (string Name, string Value)[] values) =>
        PostAsync(context, fields, null, values);

    private static async Task<IAPIResponse> PostAsync(IBrowserContext context, IReadOnlyDictionary<string, string> fields, Dictionary<string, string>? headers,
        params (string Name, string Value)[] values)
    {
        var form = context.APIRequest.CreateFormData();
        foreach (var (name, value) in fields)
            form.Set(name, value);
        foreach (var (name, value) in values)
            form.Set(name, value);
        return await context.APIRequest.PostAsync($"/plans/{Plan}/entry", new() { Form = form, MaxRedirects = 0, Headers = headers });
    }
}
