using DxEvents.Api.Auth;
using DxEvents.Web.Tests.Support;
using Microsoft.Playwright;

namespace DxEvents.Web.Tests;

[Collection(WebCollection.Name)]
public sealed class SignInTests(WebApp app)
{
    [Theory]
    [InlineData(Roles.Headquarters, "DX推進本部", false)]
    [InlineData(Roles.Auditor, "監査", true)]
    [InlineData(Roles.Office, "DX推進担当（事務局）", true)]
    [InlineData(Roles.Recorder, "担当課（実績の記録）", false)]
    public async Task Each_role_signs_in_with_its_key_and_sees_what_its_role_may_see(string role, string label, bool audits)
    {
        await using var context = await app.NewContextAsync();
        var page = await context.SignInAsync(WebApp.DemoKey(role));

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("DX推進計画 進捗一覧");
        await Assertions.Expect(page.Locator("header .user")).ToContainTextAsync($"demo {role} (mima)（{label}）");
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = MimaStory.Title })).ToBeVisibleAsync();
        Assert.Equal(audits ? 1 : 0, await page.GetByRole(AriaRole.Link, new() { Name = "変更履歴（監査）" }).CountAsync());
        Assert.Equal(audits ? 1 : 0, await page.GetByRole(AriaRole.Link, new() { Name = "改ざん検証" }).CountAsync());

        var session = (await context.CookiesAsync()).Single(c => c.Name == "dxevents.session");
        Assert.True(session.HttpOnly);
        Assert.Equal(SameSiteAttribute.Strict, session.SameSite);
        Assert.Equal(-1, session.Expires); // a browser-session cookie; the ticket inside expires after 8 hours

        await page.GetByRole(AriaRole.Button, new() { Name = "サインアウト" }).ClickAsync();
        await page.WaitForURLAsync("**/signin");
        await page.OpenAsync("/plans/mima-dx");
        Assert.EndsWith("/signin?ReturnUrl=%2Fplans%2Fmima-dx", page.Url, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_or_foreign_key_is_refused_and_no_session_is_made()
    {
        await using var context = await app.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.OpenAsync("/signin");
        foreach (var key in new[] { "dxk_mima_not-a-key", "dxk_nowhere_demo-office", "hello" })
        {
            await page.GetByLabel("APIキー").FillAsync(key);
            await page.GetByRole(AriaRole.Button, new() { Name = "サインイン" }).ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("このAPIキーではサインインできません");
            Assert.EndsWith("/signin", page.Url, StringComparison.Ordinal);
        }
        Assert.DoesNotContain(await context.CookiesAsync(), c => c.Name == "dxevents.session");
        await page.OpenAsync("/");
        Assert.Contains("/signin", page.Url, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sign_in_returns_to_the_page_asked_for_but_never_to_another_site()
    {
        await using var context = await app.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.OpenAsync("/plans/mima-dx/kpis/k04");
        await page.GetByLabel("APIキー").FillAsync(WebApp.DemoKey(Roles.Headquarters));
        await page.GetByRole(AriaRole.Button, new() { Name = "サインイン" }).ClickAsync();
        await page.WaitForURLAsync("**/plans/mima-dx/kpis/k04");

        await using var other = await app.NewContextAsync();
        var elsewhere = await other.NewPageAsync();
        await elsewhere.OpenAsync("/signin?ReturnUrl=https%3A%2F%2Fexample.org%2F");
        await elsewhere.GetByLabel("APIキー").FillAsync(WebApp.DemoKey(Roles.Headquarters));
        await elsewhere.GetByRole(AriaRole.Button, new() { Name = "サインイン" }).ClickAsync();
        await elsewhere.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/");
        Assert.StartsWith(app.BaseUrl, elsewhere.Url, StringComparison.Ordinal);
    }
}
