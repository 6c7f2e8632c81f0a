using System.Net;
using DxEvents.Api.Auth;
using DxEvents.Web.Tests.Support;
using Microsoft.Playwright;

namespace DxEvents.Web.Tests;

/// <summary>The role decides what is shown; the server refuses what is not, whatever the request.</summary>
[Collection(WebCollection.Name)]
public sealed class PageAccessTests(WebApp app)
{
    [Theory]
    [InlineData(Roles.Headquarters)]
    [InlineData(Roles.Recorder)]
    public async Task Audit_pages_and_the_bundle_are_neither_shown_nor_served_to_a_role_without_the_audit_right(string role)
    {
        await using var context = await app.NewContextAsync();
        var page = await context.SignInAsync(WebApp.DemoKey(role));
        Assert.Equal(0, await page.Locator("a[href^='/audit']").CountAsync());

        foreach (var path in new[] { "/audit", "/audit/stream?id=plan/mima-dx", "/audit/verify" })
        {
            await page.OpenAsync(path, 403);
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("表示する権限がありません");
            await Assertions.Expect(page.Locator("table")).ToHaveCountAsync(0);
        }

        // A hand-made request with the same session: no bundle.
        var export = await context.APIRequest.GetAsync("/audit/export", new() { MaxRedirects = 0 });
        Assert.Equal((int)HttpStatusCode.Redirect, export.Status);
        Assert.StartsWith("/denied", new Uri(new Uri(app.BaseUrl), export.Headers["location"]).PathAndQuery, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Roles.Headquarters)]
    [InlineData(Roles.Recorder)]
    public async Task The_office_forms_are_neither_shown_nor_served_to_a_role_without_the_office_right(string role)
    {
        var planId = await OfficePlans.ImportAsync(app, "access");
        await using var context = await app.NewContextAsync();
        var page = await context.SignInAsync(WebApp.DemoKey(role, OfficePlans.Tenant));
        foreach (var path in new[] { "/", $"/plans/{planId}", $"/plans/{planId}/kpis/k01" })
        {
            await page.OpenAsync(path);
            await Assertions.Expect(page.Locator("a.office-link, table.measure-budgets")).ToHaveCountAsync(0);
        }
        var token = await page.Locator("input[name=__RequestVerificationToken]").First.InputValueAsync();
        var streams = new[] { "", "/measure/m01", "/kpi/k01" };
        var before = await Task.WhenAll(streams.Select(s => OfficePlans.EventsAsync(app, planId, s)));

        foreach (var path in new[] { $"/plans/{planId}/measures/m01/budget?fy=2025", $"/plans/{planId}/kpis/k01/target", $"/plans/{planId}/tolerances", "/plans/import" })
        {
            await page.OpenAsync(path, 403);
            await Assertions.Expect(page.Locator("form.office-form")).ToHaveCountAsync(0);

            // A hand-made post with a valid antiforgery token and the session: refused before the page runs.
            var form = context.APIRequest.CreateFormData();
            foreach (var (name, value) in new[] { ("__RequestVerificationToken", token), ("submission", Guid.NewGuid().ToString()), ("shown", "0"),
                ("total", "1"), ("generalFunds", "1"), ("fiscalYear", "2026"), ("value", "1"), ("onTrack", "50"), ("atRisk", "60"), ("reason", "手作りの要求") })
                form.Set(name, value);
            var post = await context.APIRequest.PostAsync(path, new() { Form = form, MaxRedirects = 0 });
            Assert.Equal((int)HttpStatusCode.Redirect, post.Status);
            Assert.StartsWith("/denied", new Uri(new Uri(app.BaseUrl), post.Headers["location"]).PathAndQuery, StringComparison.Ordinal);
        }
        Assert.Equal(before, await Task.WhenAll(streams.Select(s => OfficePlans.EventsAsync(app, planId, s))));
    }

    [Fact]
    public async Task The_session_cookie_does_not_authorize_the_api_and_a_post_without_the_antiforgery_token_is_refused()
    {
        await using var context = await app.NewContextAsync();
        await context.SignInAsync(WebApp.DemoKey(Roles.Office));

        // The API keeps its bearer keys: a page session (even an office's) writes nothing and reads nothing there.
        var read = await context.APIRequest.GetAsync("/api/mima/plans/mima-dx/status");
        Assert.Equal((int)HttpStatusCode.Unauthorized, read.Status);
        var write = await context.APIRequest.PostAsync("/api/mima/plans/mima-dx/measures/m01/start", new() { DataObject = new { on = "2025-04-01" } });
        Assert.Equal((int)HttpStatusCode.Unauthorized, write.Status);

        // A form post made by hand (or by another site) carries no antiforgery token: refused, the session stays.
        var signOut = await context.APIRequest.PostAsync("/signout", new() { Form = context.APIRequest.CreateFormData(), MaxRedirects = 0 });
        Assert.Equal((int)HttpStatusCode.BadRequest, signOut.Status);
        Assert.Contains("フォームの有効期限が切れたか、要求の内容が正しくありません。", await signOut.TextAsync(), StringComparison.Ordinal);
        var still = await context.NewPageAsync();
        await still.OpenAsync("/plans/mima-dx");
        await Assertions.Expect(still.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(MimaStory.Title);
    }

    [Fact]
    public async Task Without_a_session_every_page_sends_to_sign_in_and_shows_nothing()
    {
        await using var context = await app.NewContextAsync();
        foreach (var path in new[] { "/", "/plans/mima-dx", "/plans/mima-dx/kpis/k04", "/plans/mima-dx/changes", "/audit", "/audit/verify", "/audit/export" })
        {
            var response = await context.APIRequest.GetAsync(path, new() { MaxRedirects = 0 });
            Assert.Equal((int)HttpStatusCode.Redirect, response.Status);
            Assert.StartsWith("/signin", new Uri(new Uri(app.BaseUrl), response.Headers["location"]).PathAndQuery, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task An_error_with_nothing_else_to_show_is_a_page_in_Japanese_and_the_api_keeps_its_problem_details()
    {
        await using var context = await app.NewContextAsync();
        var page = await context.SignInAsync(WebApp.DemoKey(Roles.Headquarters));
        await page.OpenAsync("/no-such-page", 404);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("ページが見つかりません");
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "ja");

        var api = await context.APIRequest.GetAsync("/api/mima/no-such-thing");
        Assert.Equal("application/problem+json", api.Headers["content-type"].Split(';')[0]);
    }

    [Fact]
    public async Task Another_municipalitys_key_sees_only_its_own_plans()
    {
        await using var context = await app.NewContextAsync();
        var page = await context.SignInAsync(WebApp.DemoKey(Roles.Headquarters, "misaki"));
        await Assertions.Expect(page.Locator("main")).Not.ToContainTextAsync(MimaStory.Title);
        await page.OpenAsync("/plans/mima-dx", 404);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("計画が見つかりません");
    }
}
