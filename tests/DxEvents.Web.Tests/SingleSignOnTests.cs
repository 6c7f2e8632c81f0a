using System.Net;
using DxEvents.Api.Auth;
using DxEvents.Web.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace DxEvents.Web.Tests;

/// <summary>People sign in through a real OpenID Connect provider (<see cref="TestProvider"/>) with the roles Mima's office granted.</summary>
[Collection(SsoCollection.Name)]
public sealed class SingleSignOnTests(SsoApp app)
{
    [Fact]
    public async Task A_granted_person_signs_in_through_the_provider_with_their_role_and_no_page_asks_for_a_key()
    {
        await using var context = await app.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync("/audit");
        Assert.Contains("/signin", page.Url, StringComparison.Ordinal);
        await Assertions.Expect(page.GetByLabel("APIキー")).ToHaveCountAsync(0);
        Assert.DoesNotContain("キーを入力", await page.ContentAsync(), StringComparison.Ordinal);

        await page.GetByRole(AriaRole.Link, new() { Name = "組織のアカウントでサインイン" }).ClickAsync();
        Assert.StartsWith(app.Provider.Authority, page.Url, StringComparison.Ordinal);
        Assert.Contains("code_challenge_method=S256", Uri.UnescapeDataString(page.Url), StringComparison.Ordinal);
        await page.GetByLabel("ユーザー名").FillAsync("shiro");
        await page.GetByRole(AriaRole.Button, new() { Name = "ログイン" }).ClickAsync();
        await page.WaitForURLAsync(app.BaseUrl + "/audit");
        await Assertions.Expect(page.Locator("header .user")).ToContainTextAsync("美馬 四郎（監査）");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("変更履歴");

        // A key is no way in while a provider is configured, and a page session is still no API credential.
        var form = context.APIRequest.CreateFormData();
        form.Set("Key", "dxk_mima_demo-office");
        Assert.NotEqual((int)HttpStatusCode.Redirect, (await context.APIRequest.PostAsync("/signin", new() { Form = form, MaxRedirects = 0 })).Status);
        Assert.Equal((int)HttpStatusCode.Unauthorized, (await context.APIRequest.GetAsync("/api/mima/plans")).Status);
    }

    [Fact]
    public async Task A_person_without_a_grant_is_told_whom_to_ask_and_gets_the_role_the_office_grants_on_their_next_request()
    {
        await using var person = await app.NewContextAsync();
        var page = await app.SignInThroughProviderAsync(person, "jiro");
        Assert.Contains("/signin/no-access", page.Url, StringComparison.Ordinal);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("アクセスが付与されていません");
        await Assertions.Expect(page.Locator("#subject")).ToHaveTextAsync(SsoApp.User("jiro").Subject);
        await Assertions.Expect(page.Locator("ul.office-people")).ToContainTextAsync("美馬 花子（hanako@city.mima.example.jp）");
        Assert.DoesNotContain(await person.CookiesAsync(), c => c.Name == "dxevents.session");
        // The refusal is sealed: an address made by hand shows no one.
        await page.GotoAsync("/signin/no-access?who=eyJ0ZW5hbnQiOiJtaW1hIn0");
        await Assertions.Expect(page.Locator("ul.office-people")).ToHaveCountAsync(0);

        await using var office = await app.NewContextAsync();
        var manage = await app.SignInThroughProviderAsync(office, "hanako");
        await manage.OpenAsync("/access");
        await manage.GetByLabel("識別子（subject）").FillAsync(SsoApp.User("jiro").Subject);
        await manage.GetByLabel("表示名").FillAsync("美馬 次郎");
        await manage.Locator("#Role").SelectOptionAsync(Roles.Headquarters);
        await manage.GetByRole(AriaRole.Button, new() { Name = "付与する" }).ClickAsync();
        await Assertions.Expect(manage.GetByRole(AriaRole.Status)).ToContainTextAsync("美馬 次郎 さんに役割「DX推進本部」を付与しました。");

        page = await app.SignInThroughProviderAsync(person, "jiro");
        await Assertions.Expect(page.Locator("header .user")).ToContainTextAsync("美馬 次郎（DX推進本部）");
        await page.OpenAsync("/audit", 403);

        // The office changes the role: the person's next request has it, in the same session.
        await manage.GetByLabel("識別子（subject）").FillAsync(SsoApp.User("jiro").Subject);
        await manage.GetByLabel("表示名").FillAsync("美馬 次郎");
        await manage.Locator("#Role").SelectOptionAsync(Roles.Auditor);
        await manage.GetByRole(AriaRole.Button, new() { Name = "付与する" }).ClickAsync();
        await Assertions.Expect(manage.GetByRole(AriaRole.Status)).ToContainTextAsync("「監査」を付与しました。");
        await page.OpenAsync("/audit");
        await Assertions.Expect(page.Locator("header .user")).ToContainTextAsync("美馬 次郎（監査）");

        // What the office did is recorded with the office's person as its actor: display name and stable id.
        using var http = new HttpClient { BaseAddress = new Uri(app.BaseUrl) };
        http.DefaultRequestHeaders.Authorization = new("Bearer", await app.Services.GetRequiredService<ApiKeys>().CreateAsync("mima", Roles.Auditor, "sso test auditor"));
        var events = System.Text.Json.Nodes.JsonNode.Parse(await http.GetStringAsync("/api/mima/audit/streams/access"))!["events"]!.AsArray();
        var grants = events.Where(e => e!["type"]!.GetValue<string>() == "AccessGranted" && e["data"]!["subject"]!.GetValue<string>() == SsoApp.User("jiro").Subject).ToList();
        Assert.Equal(2, grants.Count);
        Assert.All(grants, g => Assert.Equal($"美馬 花子（{SsoApp.User("hanako").Subject}）", g!["metadata"]!["actor"]!.GetValue<string>()));
    }

    [Fact]
    public async Task A_revocation_ends_a_live_session_at_once()
    {
        await using var person = await app.NewContextAsync();
        var page = await app.SignInThroughProviderAsync(person, "saburo");
        await Assertions.Expect(page.Locator("header .user")).ToContainTextAsync("美馬 三郎（担当課（実績の記録））");

        await using var office = await app.NewContextAsync();
        var manage = await app.SignInThroughProviderAsync(office, "hanako");
        await manage.OpenAsync("/access");
        await manage.GetByRole(AriaRole.Button, new() { Name = "美馬 三郎 さんのアクセスを取り消す" }).ClickAsync();
        await Assertions.Expect(manage.GetByRole(AriaRole.Status)).ToContainTextAsync("美馬 三郎 さんのアクセスを取り消しました。");

        var started = DateTimeOffset.UtcNow;
        await page.GotoAsync("/");
        Assert.Contains("/signin", page.Url, StringComparison.Ordinal);
        Assert.True(DateTimeOffset.UtcNow - started < TimeSpan.FromSeconds(1));
        // Signing in again through the provider gets them no further than the page that says whom to ask.
        page = await app.SignInThroughProviderAsync(person, "saburo");
        Assert.Contains("/signin/no-access", page.Url, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_copied_cookie_of_a_person_opens_nothing_after_they_signed_out()
    {
        await using var person = await app.NewContextAsync();
        var page = await app.SignInThroughProviderAsync(person, "shiro");
        var copied = (await person.CookiesAsync()).Where(c => c.Name == "dxevents.session")
            .Select(c => new Microsoft.Playwright.Cookie { Name = c.Name, Value = c.Value, Domain = c.Domain, Path = c.Path }).ToList();
        Assert.Single(copied);
        await page.GetByRole(AriaRole.Button, new() { Name = "サインアウト" }).ClickAsync();
        await page.WaitForURLAsync("**/signin");

        await using var thief = await app.NewContextAsync();
        await thief.AddCookiesAsync(copied);
        var stolen = await thief.NewPageAsync();
        await stolen.GotoAsync("/audit");
        Assert.Contains("/signin", stolen.Url, StringComparison.Ordinal);
    }
}
