using System.Net.Http.Json;
using DxEvents.Api.Auth;
using DxEvents.Web.Tests.Support;
using Microsoft.Playwright;

namespace DxEvents.Web.Tests;

/// <summary>実績値の確認: the office turns its review on, a department's figures wait, the office returns one with a reason and
/// confirms the other, and the headquarters' plan page counts only the confirmed one. At a tablet's width, axe-clean.</summary>
[Collection(WebCollection.Name)]
public sealed class ReviewJourneyTests(WebApp app)
{
    private const string Tenant = "review";

    [Fact]
    public async Task A_returned_figure_is_not_counted_and_a_confirmed_one_is()
    {
        await app.CreateAsync(Tenant, "mima");
        using (var office = app.ApiClient(Roles.Office, Tenant))
            Assert.True((await office.PostAsJsonAsync($"/api/{Tenant}/plans/mima-dx/measures/m04/start", new { on = "2023-04-01" })).IsSuccessStatusCode);

        await using var officeContext = await app.NewContextAsync(width: 768, height: 1024);
        var review = await officeContext.SignInAsync(WebApp.DemoKey(Roles.Office, Tenant));
        await review.OpenAsync("/review");
        await Assertions.Expect(review.Locator("#review-state")).ToContainTextAsync("確認は行っていません。");
        await review.GetByRole(AriaRole.Button, new() { Name = "確認を始める" }).ClickAsync();
        await Assertions.Expect(review.GetByRole(AriaRole.Status)).ToContainTextAsync("実績値の確認を始めました。");

        using (var recorder = app.ApiClient(Roles.Recorder, Tenant))
        {
            foreach (var (quarter, value) in new[] { (1, 4321), (2, 5678) })
                Assert.True((await recorder.PostAsJsonAsync($"/api/{Tenant}/plans/mima-dx/kpis/k04/measurements", new { fiscalYear = 2025, quarter, value })).IsSuccessStatusCode);
        }

        // Headquarters: both figures wait, none counts.
        await using var hqContext = await app.NewContextAsync(width: 768, height: 1024);
        var plan = await hqContext.SignInAsync(WebApp.DemoKey(Roles.Headquarters, Tenant));
        await plan.OpenAsync("/plans/mima-dx");
        await Assertions.Expect(plan.Locator("#awaiting-review")).ToContainTextAsync("事務局の確認待ちの実績値が 2 件");
        var k04 = plan.Locator("table.kpis tr", new() { HasText = "LoGoチャット利用者数" });
        await Assertions.Expect(k04).ToContainTextAsync("確認待ち 2 件");
        await Assertions.Expect(k04).Not.ToContainTextAsync("4,321人");
        await Assertions.Expect(k04).Not.ToContainTextAsync("5,678人");

        await review.OpenAsync("/review");
        await Assertions.Expect(review.GetByRole(AriaRole.Heading, new() { Name = "確認待ち（2 件）" })).ToBeVisibleAsync();
        await review.AssertAccessibleAsync();
        await review.ScreenshotAsync("review-waiting-tablet");
        Assert.True(await review.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth"), "the review page scrolls sideways at 768 px");

        // Returning needs a reason, said beside the field; nothing is recorded meanwhile.
        var q2 = review.Locator("#review-mima-dx-k04-2025-2");
        await Assertions.Expect(q2).ToContainTextAsync("5,678人");
        await q2.GetByRole(AriaRole.Button, new() { Name = "差し戻す" }).ClickAsync();
        await Assertions.Expect(review.Locator("#reason-mima-dx-k04-2025-2-error")).ToContainTextAsync("理由");
        await review.AssertAccessibleAsync();
        await review.Locator("#review-mima-dx-k04-2025-2").GetByLabel("差し戻す理由（必須）").FillAsync("出先機関の利用者が二重に数えられています");
        await review.Locator("#review-mima-dx-k04-2025-2").GetByRole(AriaRole.Button, new() { Name = "差し戻す" }).ClickAsync();
        await Assertions.Expect(review.GetByRole(AriaRole.Status)).ToContainTextAsync("差し戻しました");
        await Assertions.Expect(review.Locator("#returned-mima-dx-k04-2025-2")).ToContainTextAsync("出先機関の利用者が二重に数えられています");

        await review.Locator("#review-mima-dx-k04-2025-1").GetByRole(AriaRole.Button, new() { Name = "確認する" }).ClickAsync();
        await Assertions.Expect(review.GetByRole(AriaRole.Status)).ToContainTextAsync("確認しました");
        await Assertions.Expect(review.GetByRole(AriaRole.Heading, new() { Name = "確認待ち（0 件）" })).ToBeVisibleAsync();
        await review.AssertAccessibleAsync();

        // The confirmed Q1 counts; the returned Q2, the later quarter, does not.
        await plan.OpenAsync("/plans/mima-dx");
        await Assertions.Expect(k04).ToContainTextAsync("4,321人");
        await Assertions.Expect(k04).ToContainTextAsync("FY2025 Q1");
        await Assertions.Expect(k04).Not.ToContainTextAsync("5,678人");
        await Assertions.Expect(plan.Locator("#awaiting-review")).ToHaveCountAsync(0);
        await plan.AssertAccessibleAsync();
        // The KPI's page still lists the returned figure, marked as not counted.
        await plan.OpenAsync("/plans/mima-dx/kpis/k04");
        var figures = plan.GetByRole(AriaRole.Region, new() { Name = "四半期の実績値の表" });
        await Assertions.Expect(figures.Locator("tr", new() { HasText = "FY2025 Q2" })).ToContainTextAsync("差し戻し（判定には含めない）");
        await Assertions.Expect(figures.Locator("tr", new() { HasText = "FY2025 Q1" })).Not.ToContainTextAsync("確認待ち");
        await plan.AssertAccessibleAsync();

        // The submissions are in the KPI's history with the department's name, both decisions with the office's.
        var events = await app.StreamEventsAsync(Tenant, "plan/mima-dx/kpi/k04");
        var decisions = events.Where(e => e!["type"]!.GetValue<string>().StartsWith("KpiFigure", StringComparison.Ordinal))
            .Select(e => (e!["type"]!.GetValue<string>(), e["metadata"]!["actor"]!.GetValue<string>())).ToList();
        Assert.Equal([("KpiFigureSubmittedForReview", $"test {Roles.Recorder} ({Tenant})"), ("KpiFigureSubmittedForReview", $"test {Roles.Recorder} ({Tenant})"),
            ("KpiFigureReturned", $"test {Roles.Office} ({Tenant})"), ("KpiFigureConfirmed", $"test {Roles.Office} ({Tenant})")], decisions);
    }
}
