using System.Net.Http.Json;
using DxEvents.Api.Auth;
using DxEvents.Web.Tests.Support;
using Microsoft.Playwright;

namespace DxEvents.Web.Tests;

/// <summary>Issue 21 item 1: a page per measure for every role. Misaki's 介護認定調査事務のICT化 (m07) is judged by its schedule
/// alone: s1 (FY2023) done, s2 (FY2024) late by 2025-11-20, s3 (FY2025) under way, s4 (FY2026) still to come.</summary>
[Collection(WebCollection.Name)]
public sealed class MeasurePageTests(WebApp app)
{
    private const string Tenant = "measure-page";
    private const string Measure = "介護認定調査事務のICT化";

    [Fact]
    public async Task A_schedule_only_measure_shows_done_late_and_future_items_with_notes_and_who_marked_them_done()
    {
        await app.CreateAsync(Tenant, "misaki");
        using (var recorder = app.ApiClient(Roles.Recorder, Tenant))
        {
            await Post(recorder, "measures/m07/start", new { on = "2023-04-01", note = "事業開始" });
            await Post(recorder, "measures/m07/schedule/s1/complete", new { on = "2024-02-15", note = "先進3市を視察" });
        }

        await using var context = await app.NewContextAsync();
        var page = await context.SignInAsync(WebApp.DemoKey(Roles.Headquarters, Tenant));
        await page.OpenAsync("/plans/misaki-dx?reportingDate=2025-11-20");
        // The plan page names the late item where it used to count it, and links the measure.
        var article = page.Locator("article.measure").Filter(new() { Has = page.GetByRole(AriaRole.Heading, new() { Name = Measure }) });
        await Assertions.Expect(article.Locator("p.reason")).ToHaveTextAsync("指標がないため工程で判定：遅れている工程 1 件。");
        await Assertions.Expect(article.GetByRole(AriaRole.List, new() { Name = Measure + " の遅れている工程" }))
            .ToHaveTextAsync("！遅れ：関係機関との協議とシステム仕様書作成（FY2024（令和6年度））");
        await article.GetByRole(AriaRole.Link, new() { Name = Measure }).ClickAsync();

        await page.WaitForURLAsync("**/plans/misaki-dx/measures/m07?reportingDate=2025-11-20");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(Measure);
        await Assertions.Expect(page.Locator("p.lead .badge")).ToContainTextAsync("要注意");
        var rows = page.GetByRole(AriaRole.Region, new() { Name = "工程の表" }).Locator("tbody tr");
        await Assertions.Expect(rows).ToHaveCountAsync(4);
        await Assertions.Expect(rows.Nth(0)).ToContainTextAsync("✓ 完了");
        await Assertions.Expect(rows.Nth(0)).ToContainTextAsync("2024年2月15日");
        await Assertions.Expect(rows.Nth(0)).ToContainTextAsync("test recorder (measure-page)");
        await Assertions.Expect(rows.Nth(0)).ToContainTextAsync("先進3市を視察");
        await Assertions.Expect(rows.Nth(1)).ToContainTextAsync("！ 遅れ");
        await Assertions.Expect(rows.Nth(2)).ToContainTextAsync("▶ 実施中");
        await Assertions.Expect(rows.Nth(3)).ToContainTextAsync("・ 予定");

        // The chart: a bar per item, the completion marked with its date, the late item flagged in words, the reporting date drawn.
        var chart = page.Locator("svg.schedule-chart");
        await Assertions.Expect(chart.Locator("g.rows rect.sched-bar")).ToHaveCountAsync(4);
        await Assertions.Expect(chart.Locator("g.rows rect.sched-late")).ToHaveCountAsync(1);
        await Assertions.Expect(chart.Locator("g.rows rect.sched-future")).ToHaveCountAsync(1);
        await Assertions.Expect(chart.Locator("text.done-label")).ToHaveTextAsync("完了 2024年2月15日");
        await Assertions.Expect(chart.Locator("text.late-label")).ToHaveTextAsync("遅れ：期限を過ぎて未完了");
        await Assertions.Expect(chart.Locator("text.axis-note")).ToHaveTextAsync("判定基準日（2025年11月20日）");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "実施状況の履歴" })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("ol.history")).ToContainTextAsync("事業開始");
        await page.ScreenshotAsync("measure-schedule");
        await page.PrintAsync("measure-schedule");
        await page.AssertAccessibleAsync();

        // On a tablet, without sideways scrolling.
        await using var tablet = await app.NewContextAsync(width: 768, height: 1024);
        var small = await tablet.SignInAsync(WebApp.DemoKey(Roles.Headquarters, Tenant));
        await small.OpenAsync("/plans/misaki-dx/measures/m07?reportingDate=2025-11-20");
        await small.ScreenshotAsync("measure-schedule-tablet");
        Assert.True(await small.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth"), "the measure page scrolls sideways at 768 px");
        await small.AssertAccessibleAsync();
        await small.OpenAsync("/plans/misaki-dx/measures/m99", 404);
    }

    [Fact]
    public async Task An_ended_plan_opens_on_its_final_evaluation()
    {
        // Mima's plan ran FY2023–FY2025; the tests run on the real clock, after it ended.
        await using var context = await app.NewContextAsync();
        var page = await context.SignInAsync(WebApp.DemoKey(Roles.Headquarters));
        await page.OpenAsync("/plans/" + MimaStory.Plan);
        await Assertions.Expect(page.Locator("dl.report-time .final-evaluation"))
            .ToContainTextAsync("計画期間終了：FY2025（令和7年度）末時点の最終評価（2026年3月31日の状況で判定）");
        await page.OpenAsync("/plans/" + MimaStory.Plan + "/measures/m04");
        await Assertions.Expect(page.Locator("dl.report-time .final-evaluation")).ToContainTextAsync("最終評価");
    }

    private static async Task Post(HttpClient http, string path, object body)
    {
        using var response = await http.PostAsJsonAsync($"/api/{Tenant}/plans/misaki-dx/{path}", body);
        Assert.True(response.IsSuccessStatusCode, $"POST {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }
}
