using DxEvents.Api.Auth;
using DxEvents.Web.Tests.Support;
using Microsoft.Playwright;

namespace DxEvents.Web.Tests;

/// <summary>The DX office (事務局) revises what the plan printed: a year's 事業費, a KPI's target, the status rule's
/// tolerances — each with a reason, each refused with the rule's own words beside the field, none over a change made meanwhile.</summary>
[Collection(WebCollection.Name)]
public sealed class OfficeJourneyTests(WebApp app)
{
    private const string ReasonRequired = "理由を入力してください。監査で変更の履歴とともに読まれます。";

    [Fact]
    public async Task A_budget_revision_needs_a_reason_beside_its_field_and_then_shows_its_warnings_and_the_new_figures()
    {
        var planId = await OfficePlans.ImportAsync(app, "budget");
        await using var context = await app.NewContextAsync();
        var page = await context.SignInAsync(WebApp.DemoKey(Roles.Office, OfficePlans.Tenant));
        await page.OpenAsync($"/plans/{planId}");
        await page.GetByRole(AriaRole.Link, new() { Name = $"{OfficePlans.Measure}　FY2025（令和7年度）の事業費を改訂" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("事業費の改訂");
        await Assertions.Expect(page.Locator("#current")).ToHaveTextAsync("事業費 3,388、一般財源 3,398、交付金 1,000（千円）");
        var before = await OfficePlans.EventsAsync(app, planId, "/measure/m01");

        await page.GetByLabel("事業費（千円）", new() { Exact = true }).FillAsync("３，０００");
        await page.GetByLabel("うち一般財源（千円）").FillAsync("3100");
        await page.GetByLabel("財源 1 の金額（千円）").FillAsync("1200");
        var refused = await page.RunAndWaitForResponseAsync(
            () => page.GetByRole(AriaRole.Button, new() { Name = "改訂を記録する" }).ClickAsync(), r => r.Request.Method == "POST");
        Assert.Equal(422, refused.Status);
        await Assertions.Expect(page.Locator("#reason-error")).ToHaveTextAsync(ReasonRequired);
        await Assertions.Expect(page.GetByLabel("理由（必須）")).ToHaveAttributeAsync("aria-invalid", "true");
        await Assertions.Expect(page.GetByLabel("事業費（千円）", new() { Exact = true })).ToHaveValueAsync("３，０００");
        Assert.Equal(before, await OfficePlans.EventsAsync(app, planId, "/measure/m01"));
        await page.ScreenshotAsync("office-budget-refused");

        await page.GetByLabel("理由（必須）").FillAsync("6月補正予算");
        await page.GetByRole(AriaRole.Button, new() { Name = "改訂を記録する" }).ClickAsync();
        var notice = page.Locator(".notice");
        await Assertions.Expect(notice).ToContainTextAsync("FY2025（令和7年度）の事業費を改訂しました。");
        await Assertions.Expect(notice).ToContainTextAsync("一般財源 3,100 が事業費 3,000 を上回っています。記載どおりに保存しました。");
        await Assertions.Expect(page.Locator("#current")).ToHaveTextAsync("事業費 3,000、一般財源 3,100、交付金 1,200（千円）");
        await Assertions.Expect(page.Locator("ol.history")).ToContainTextAsync("理由：6月補正予算");
        await Assertions.Expect(page.Locator("ol.history")).ToContainTextAsync("demo office (misaki)");
        Assert.Equal(before + 1, await OfficePlans.EventsAsync(app, planId, "/measure/m01"));
        await page.ScreenshotAsync("office-budget-revised");

        await page.GetByRole(AriaRole.Link, new() { Name = "計画に戻る" }).ClickAsync();
        var row = page.Locator("table.measure-budgets tr").Filter(new() { HasText = OfficePlans.Measure });
        await Assertions.Expect(row).ToContainTextAsync("3,000");
    }

    [Fact]
    public async Task A_target_and_the_tolerances_are_revised_with_reasons()
    {
        var planId = await OfficePlans.ImportAsync(app, "target");
        await using var context = await app.NewContextAsync();
        var page = await context.SignInAsync(WebApp.DemoKey(Roles.Office, OfficePlans.Tenant));

        await page.OpenAsync($"/plans/{planId}/kpis/k01");
        await page.GetByRole(AriaRole.Link, new() { Name = "目標値を改訂する" }).ClickAsync();
        await Assertions.Expect(page.Locator("#current")).ToHaveTextAsync("500件（FY2024（令和6年度）〜FY2026（令和8年度））");
        await page.GetByLabel("目標値（件）").FillAsync("800");
        await page.GetByLabel("対象期間の開始年度（任意）").SelectOptionAsync("2025");
        await page.GetByLabel("理由（必須）").FillAsync("国の目標の見直しに合わせる");
        await page.GetByRole(AriaRole.Button, new() { Name = "改訂を記録する" }).ClickAsync();
        await Assertions.Expect(page.Locator(".notice")).ToContainTextAsync("目標値を改訂しました。");
        await Assertions.Expect(page.Locator("#current")).ToHaveTextAsync("800件（FY2025（令和7年度）〜FY2026（令和8年度））");
        await page.ScreenshotAsync("office-target-revised");
        await page.OpenAsync($"/plans/{planId}/kpis/k01");
        await Assertions.Expect(page.Locator("ol.history")).ToContainTextAsync("理由・備考：国の目標の見直しに合わせる");

        await page.OpenAsync($"/plans/{planId}");
        await page.GetByRole(AriaRole.Link, new() { Name = "判定基準を改訂する" }).ClickAsync();
        await Assertions.Expect(page.GetByLabel("順調とする遅れの幅（%）")).ToHaveValueAsync("10");
        await page.GetByLabel("順調とする遅れの幅（%）").FillAsync("150");
        await page.GetByLabel("理由（必須）").FillAsync("本部会議の決定");
        await page.GetByRole(AriaRole.Button, new() { Name = "改訂を記録する" }).ClickAsync();
        await Assertions.Expect(page.Locator("#onTrack-error")).ToHaveTextAsync("順調とする遅れの幅は 0 以上 100 以下（%）にしてください。");
        await page.GetByLabel("順調とする遅れの幅（%）").FillAsync("15");
        await page.GetByLabel("要注意とする遅れの幅（%）").FillAsync("30");
        await page.GetByRole(AriaRole.Button, new() { Name = "改訂を記録する" }).ClickAsync();
        await Assertions.Expect(page.Locator(".notice")).ToContainTextAsync("判定基準を改訂しました。");
        await Assertions.Expect(page.Locator("#current")).ToContainTextAsync("15% 以内の遅れなら順調、30% 以内なら要注意");
        await page.OpenAsync($"/plans/{planId}");
        await Assertions.Expect(page.GetByText("判定基準：進捗が期待から 15% 以内の遅れなら順調")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task A_form_shown_before_a_change_made_meanwhile_is_refused_and_overwrites_nothing()
    {
        var planId = await OfficePlans.ImportAsync(app, "stale");
        await using var context = await app.NewContextAsync();
        var first = await context.SignInAsync(WebApp.DemoKey(Roles.Office, OfficePlans.Tenant));
        var second = await context.NewPageAsync();
        var path = $"/plans/{planId}/measures/m01/budget?fy=2025";
        await first.OpenAsync(path);
        await second.OpenAsync(path);
        var before = await OfficePlans.EventsAsync(app, planId, "/measure/m01");

        await first.GetByLabel("事業費（千円）", new() { Exact = true }).FillAsync("5000");
        await first.GetByLabel("理由（必須）").FillAsync("9月補正予算");
        await first.GetByRole(AriaRole.Button, new() { Name = "改訂を記録する" }).ClickAsync();
        await Assertions.Expect(first.Locator(".notice")).ToContainTextAsync("事業費を改訂しました。");

        await second.GetByLabel("事業費（千円）", new() { Exact = true }).FillAsync("4000");
        await second.GetByLabel("理由（必須）").FillAsync("当初予算の組み替え");
        await second.GetByRole(AriaRole.Button, new() { Name = "改訂を記録する" }).ClickAsync();
        await Assertions.Expect(second.Locator(".error-summary")).ToContainTextAsync("このページを開いた後に、ほかの人がこの項目を変更しました。");
        await Assertions.Expect(second.Locator("#current")).ToHaveTextAsync("事業費 5,000、一般財源 3,398、交付金 1,000（千円）");
        Assert.Equal(before + 1, await OfficePlans.EventsAsync(app, planId, "/measure/m01"));
        await second.ScreenshotAsync("office-budget-stale");

        // Seen the latest, the same form may be sent again: it is then at the version it shows.
        await second.GetByRole(AriaRole.Button, new() { Name = "改訂を記録する" }).ClickAsync();
        await Assertions.Expect(second.Locator("#current")).ToHaveTextAsync("事業費 4,000、一般財源 3,398、交付金 1,000（千円）");
        Assert.Equal(before + 2, await OfficePlans.EventsAsync(app, planId, "/measure/m01"));
    }
}
