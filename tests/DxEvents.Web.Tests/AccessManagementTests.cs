using System.Net;
using DxEvents.Api.Auth;
using DxEvents.Api.Infrastructure;
using DxEvents.Web.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace DxEvents.Web.Tests;

/// <summary>アクセス管理: the office's grants and keys, kept as events in the municipality's access history.</summary>
[Collection(WebCollection.Name)]
public sealed class AccessManagementTests(WebApp app)
{
    private static async Task KeysAsync(WebApp app, string tenant)
    {
        var keys = app.Services.GetRequiredService<ApiKeys>();
        foreach (var role in Roles.All)
            await keys.CreateAsync(tenant, role, $"test {role} ({tenant})", Startup.DemoToken(tenant, role));
    }

    [Fact]
    public async Task The_office_creates_a_key_shown_once_which_works_until_revoked_and_the_history_says_who_did_it()
    {
        const string tenant = "access-keys";
        await KeysAsync(app, tenant);
        await using var context = await app.NewContextAsync();
        var page = await context.SignInAsync(WebApp.DemoKey(Roles.Office, tenant));
        await page.GetByRole(AriaRole.Link, new() { Name = "アクセス管理" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("アクセス管理");
        await Assertions.Expect(page.Locator("table.access-keys tbody tr")).ToHaveCountAsync(4);

        await page.GetByLabel("キーの名前").FillAsync("統計システム連携");
        await page.Locator("#KeyRole").SelectOptionAsync(Roles.Recorder);
        await page.GetByRole(AriaRole.Button, new() { Name = "作成する" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("APIキー「統計システム連携」（担当課（実績の記録））を作成しました。");
        var token = await page.Locator("#new-token").TextContentAsync();
        Assert.StartsWith($"dxk_{tenant}_", token, StringComparison.Ordinal);
        var row = page.Locator("table.access-keys tbody tr", new() { HasText = "統計システム連携" });
        await Assertions.Expect(row).ToContainTextAsync("未使用");

        // Shown once: the page again has no token.
        await page.OpenAsync("/access");
        await Assertions.Expect(page.Locator("#new-token")).ToHaveCountAsync(0);
        Assert.DoesNotContain(token!, await page.ContentAsync(), StringComparison.Ordinal);

        using var http = new HttpClient { BaseAddress = new Uri(app.BaseUrl) };
        http.DefaultRequestHeaders.Authorization = new("Bearer", token);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync($"/api/{tenant}/plans")).StatusCode);
        await page.OpenAsync("/access");
        await Assertions.Expect(row.Locator("td").Nth(2)).Not.ToHaveTextAsync("未使用");

        // A session signed in with the key ends when the office revokes it.
        await using var machine = await app.NewContextAsync();
        var signedIn = await machine.SignInAsync(token!);

        await row.GetByRole(AriaRole.Button, new() { Name = "APIキー「統計システム連携」を失効させる" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("APIキーを失効させました");
        await Assertions.Expect(row.Locator("td").Nth(3)).Not.ToHaveTextAsync("－");
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync($"/api/{tenant}/plans")).StatusCode);
        await signedIn.OpenAsync("/");
        Assert.Contains("/signin", signedIn.Url, StringComparison.Ordinal);

        var events = await app.StreamEventsAsync(tenant, "access");
        var mine = events.Where(e => e!["data"]!["name"]?.GetValue<string>() == "統計システム連携").ToList();
        Assert.Equal(["ApiKeyCreated", "ApiKeyRevoked"], mine.Select(e => e!["type"]!.GetValue<string>()));
        Assert.All(mine, e => Assert.Equal($"test office ({tenant})", e!["metadata"]!["actor"]!.GetValue<string>()));
        Assert.DoesNotContain(token!, events.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_office_grants_and_revokes_a_person_and_a_wrong_field_is_refused_beside_it_with_nothing_recorded()
    {
        const string tenant = "access-people";
        await KeysAsync(app, tenant);
        await using var context = await app.NewContextAsync();
        var page = await context.SignInAsync(WebApp.DemoKey(Roles.Office, tenant));
        await page.OpenAsync("/access");
        var before = (await app.StreamEventsAsync(tenant, "access")).Count;

        await page.GetByLabel("識別子（subject）").FillAsync("8f14e45f-ceea-467f-a8f0-3f0b1c2d9e77");
        await page.GetByLabel("表示名").FillAsync("小美玉 太郎");
        await page.GetByLabel("メールアドレス（任意）").FillAsync("taro@example");
        await page.Locator("#Role").SelectOptionAsync(Roles.Auditor);
        await page.GetByRole(AriaRole.Button, new() { Name = "付与する" }).ClickAsync();
        await Assertions.Expect(page.Locator("#Email-error")).ToHaveTextAsync("「taro@example」はメールアドレスの形ではありません。");
        Assert.Equal(before, (await app.StreamEventsAsync(tenant, "access")).Count);

        await page.GetByLabel("メールアドレス（任意）").FillAsync("taro@city.omitama.example.jp");
        await page.GetByRole(AriaRole.Button, new() { Name = "付与する" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("小美玉 太郎 さんに役割「監査」を付与しました。");
        var person = page.Locator("table.access-people tbody tr", new() { HasText = "小美玉 太郎" });
        await Assertions.Expect(person).ToContainTextAsync("taro@city.omitama.example.jp");
        await Assertions.Expect(person).ToContainTextAsync("監査");
        await page.ScreenshotAsync("access");
        await page.AssertAccessibleAsync();

        await person.GetByRole(AriaRole.Button, new() { Name = "小美玉 太郎 さんのアクセスを取り消す" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("小美玉 太郎 さんのアクセスを取り消しました。");
        await Assertions.Expect(person).ToHaveCountAsync(0);

        var events = (await app.StreamEventsAsync(tenant, "access")).Skip(before).ToList();
        Assert.Equal(["AccessGranted", "AccessRevoked"], events.Select(e => e!["type"]!.GetValue<string>()));
        Assert.Equal("8f14e45f-ceea-467f-a8f0-3f0b1c2d9e77", events[0]!["data"]!["subject"]!.GetValue<string>());
        Assert.Equal("auditor", events[1]!["data"]!["role"]!.GetValue<string>());

        // The auditor reads them in the history, in words.
        await using var auditor = await app.NewContextAsync();
        var audit = await auditor.SignInAsync(WebApp.DemoKey(Roles.Auditor, tenant));
        await audit.OpenAsync("/audit?stream=access");
        await Assertions.Expect(audit.Locator("table.events tbody tr", new() { HasText = "アクセスの付与" })).ToContainTextAsync($"test office ({tenant})");
        await Assertions.Expect(audit.Locator("table.events tbody tr", new() { HasText = "アクセスの取り消し" })).ToHaveCountAsync(1);
    }

    [Theory]
    [InlineData(Roles.Auditor)]
    [InlineData(Roles.Recorder)]
    public async Task Access_management_is_neither_shown_nor_served_to_another_role(string role)
    {
        await using var context = await app.NewContextAsync();
        var page = await context.SignInAsync(WebApp.DemoKey(role));
        Assert.Equal(0, await page.Locator("a[href='/access']").CountAsync());
        await page.OpenAsync("/access", 403);
        await Assertions.Expect(page.Locator("form.access-grant")).ToHaveCountAsync(0);
    }
}
