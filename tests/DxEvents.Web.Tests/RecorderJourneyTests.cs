using System.Net;
using System.Text.RegularExpressions;
using DxEvents.Api.Auth;
using DxEvents.Domain;
using DxEvents.Web.Tests.Support;
using Microsoft.Playwright;

namespace DxEvents.Web.Tests;

/// <summary>担当課 entering a quarter: start the measure, enter the figure, meet the quarter already recorded (in another tab)
/// and correct it with a reason, and find it on the KPI page. Each test has a municipality of its own (Omitama's plan).</summary>
[Collection(WebCollection.Name)]
public sealed class RecorderJourneyTests(WebApp app)
{
    private const string Plan = "omitama-dx";
    private const string Kpi = "マイナポータルからマイナンバーカードを用いてオンライン手続が可能な手続数";

    [Fact]
    public async Task A_recorder_starts_the_measure_enters_a_quarter_meets_the_duplicate_and_corrects_it_with_a_reason()
    {
        await app.CreateAsync("rec-journey", "omitama");
        await using var context = await app.NewContextAsync();
        var page = await context.SignInAsync(WebApp.DemoKey(Roles.Recorder, "rec-journey"));

        // Before the measure starts, its KPI is not in the entry form.
        await page.OpenAsync($"/plans/{Plan}/entry");
        await Assertions.Expect(page.GetByText("実施中の施策に数値目標がないため")).ToBeVisibleAsync();

        await page.OpenAsync($"/plans/{Plan}");
        await page.GetByRole(AriaRole.Article, new() { Name = "行政手続きのオンライン化" })
            .GetByRole(AriaRole.Link, new() { Name = "実施状況を更新" }).ClickAsync();
        await page.GetByLabel("開始日").FillAsync("2022-04-01");
        await page.GetByRole(AriaRole.Button, new() { Name = "開始を記録する" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("施策の開始を記録しました。");
        await Assertions.Expect(page.Locator("p.lead")).ToContainTextAsync("施策の実施状況：実施中（2022年4月1日開始）");

        // The entry form, the last closed quarter chosen; FY2025 Q1 picked.
        await page.OpenAsync($"/plans/{Plan}");
        await page.GetByRole(AriaRole.Link, new() { Name = "実績値を入力する" }).ClickAsync();
        var quarter = page.GetByRole(AriaRole.Combobox, new() { Name = "四半期", Exact = true });
        await Assertions.Expect(quarter).ToHaveValueAsync(new Regex(@"^\d{4}-[1-4]$"));
        await quarter.SelectOptionAsync("2025-1");
        await page.GetByRole(AriaRole.Button, new() { Name = "この四半期を表示" }).ClickAsync();
        await Assertions.Expect(page.Locator("p.lead")).ToContainTextAsync("FY2025 Q1（令和7年度第1四半期） の実績値");

        // A second tab on the same form: it will submit after the first.
        var other = await context.NewPageAsync();
        await other.OpenAsync($"/plans/{Plan}/entry?q=2025-1");

        // A typed error stays beside its field and records nothing.
        var value = page.GetByRole(AriaRole.Textbox, new() { Name = Kpi + " 手続" });
        await value.FillAsync("二十");
        await page.GetByRole(AriaRole.Button, new() { Name = "記録する" }).ClickAsync();
        await Assertions.Expect(page.Locator("#error-k01")).ToHaveTextAsync("数値で入力してください（例：1234、1,234.5）。");
        await Assertions.Expect(value).ToHaveAttributeAsync("aria-invalid", "true");
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("記録されたものはありません。");

        // 全角 digits are read as the clerk meant them.
        await value.FillAsync("２５");
        await page.GetByLabel(Kpi + " の備考").FillAsync("年度当初の集計");
        await page.GetByRole(AriaRole.Button, new() { Name = "記録する" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("1件の実績値を記録しました。");
        var row = page.Locator("table.entry tr").Filter(new() { HasText = Kpi });
        await Assertions.Expect(row).ToContainTextAsync("記録済み：25手続");
        await page.ScreenshotAsync("entry-recorded");

        // The other tab's figure for the same quarter is refused beside its field, with the way to correct.
        await other.GetByRole(AriaRole.Textbox, new() { Name = Kpi + " 手続" }).FillAsync("30");
        await other.GetByRole(AriaRole.Button, new() { Name = "記録する" }).ClickAsync();
        await Assertions.Expect(other.Locator("#error-k01")).ToHaveTextAsync(
            "FY2025 Q1（令和7年度第1四半期）の実績値は、このページを開いた後に 25 が記録されました。変更するときは「この値を訂正する」から理由を添えて訂正してください。");
        var taken = other.Locator("table.entry tr").Filter(new() { HasText = Kpi });
        await Assertions.Expect(taken).ToContainTextAsync("記録済み：25手続");

        // The correction asks for a reason.
        await taken.GetByRole(AriaRole.Link, new() { Name = "この値を訂正する" }).ClickAsync();
        await Assertions.Expect(other.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("実績値の訂正");
        await other.GetByLabel("訂正後の値（手続）").FillAsync("30");
        await other.GetByRole(AriaRole.Button, new() { Name = "訂正を記録する" }).ClickAsync();
        await Assertions.Expect(other.Locator("#reason-error")).ToHaveTextAsync("理由を入力してください。監査で変更の履歴とともに読まれます。");
        await Assertions.Expect(other.GetByLabel("訂正の理由")).ToHaveAttributeAsync("aria-invalid", "true");
        await Assertions.Expect(other.GetByLabel("訂正後の値（手続）")).ToHaveValueAsync("30");
        await other.GetByLabel("訂正の理由").FillAsync("本庁舎分の手続を追加で確認");
        await other.GetByRole(AriaRole.Button, new() { Name = "訂正を記録する" }).ClickAsync();
        await Assertions.Expect(other.GetByRole(AriaRole.Status)).ToContainTextAsync("訂正を記録しました。");

        // The KPI page shows the figure as corrected, the first figure, and the reason in the history.
        await other.GetByRole(AriaRole.Link, new() { Name = "数値目標のページで確認する" }).ClickAsync();
        var figure = other.GetByRole(AriaRole.Region, new() { Name = "四半期の実績値の表" }).GetByRole(AriaRole.Row).Filter(new() { HasText = "FY2025 Q1" });
        await Assertions.Expect(figure).ToContainTextAsync("30手続");
        await Assertions.Expect(figure).ToContainTextAsync("25手続");
        await Assertions.Expect(figure).ToContainTextAsync("1回");
        await Assertions.Expect(other.Locator("ol.history")).ToContainTextAsync("本庁舎分の手続を追加で確認");

        var events = await app.StreamEventsAsync("rec-journey", StreamIds.Kpi(Plan, "k01"));
        Assert.Equal(["KpiMeasured", "KpiMeasurementCorrected"], events.Select(e => (string)e!["type"]!).ToArray()[^2..]);
        Assert.Single(events, e => (string)e!["type"]! == "KpiMeasured");
        Assert.Equal("test recorder (rec-journey)", (string)events[^1]!["metadata"]!["actor"]!);
        Assert.Equal("本庁舎分の手続を追加で確認", (string)events[^1]!["metadata"]!["reason"]!);
    }

    [Fact]
    public async Task A_double_click_or_a_resend_of_one_submission_records_once_and_both_answer_recorded()
    {
        await app.CreateAsync("rec-twice", "omitama");
        await using var context = await app.NewContextAsync();
        var page = await context.SignInAsync(WebApp.DemoKey(Roles.Recorder, "rec-twice"));
        await page.OpenAsync($"/plans/{Plan}/measures/m02/progress");
        await page.GetByLabel("開始日").FillAsync("2022-04-01");
        await page.GetByRole(AriaRole.Button, new() { Name = "開始を記録する" }).ClickAsync();
        await page.OpenAsync($"/plans/{Plan}/entry?q=2024-4");

        // The form as the browser would send it, twice at once and once more afterwards (with a correlation id, as a
        // client that tags its requests would send it: the command's record is the API's).
        var form = context.APIRequest.CreateFormData();
        foreach (var name in new[] { "submission", "q", "__RequestVerificationToken" })
            form.Set(name, await page.Locator($"main form[method=post] input[name={name}]").InputValueAsync());
        form.Set("values[k01]", "27");
        var correlation = new Dictionary<string, string> { ["X-Correlation-Id"] = "meeting-2024-q4" };
        var sends = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ =>
            context.APIRequest.PostAsync($"/plans/{Plan}/entry", new() { Form = form, MaxRedirects = 0, Headers = correlation })));
        var again = await context.APIRequest.PostAsync($"/plans/{Plan}/entry", new() { Form = form, MaxRedirects = 0, Headers = correlation });
        foreach (var answer in sends.Append(again))
        {
            Assert.True(answer.Status == (int)HttpStatusCode.Redirect, $"{answer.Status}: {System.Text.RegularExpressions.Regex.Match(await answer.TextAsync(), "<main[\\s\\S]*</main>").Value}");
            Assert.Equal($"/plans/{Plan}/entry?q=2024-4&recorded=1", answer.Headers["location"]);
        }
        var events = await app.StreamEventsAsync("rec-twice", StreamIds.Kpi(Plan, "k01"));
        var metadata = Assert.Single(events, e => (string)e!["type"]! == "KpiMeasured")!["metadata"]!;
        Assert.Equal(("test recorder (rec-twice)", "meeting-2024-q4", "web:" + await page.Locator("main form[method=post] input[name=submission]").InputValueAsync()),
            ((string)metadata["actor"]!, (string)metadata["correlationId"]!, (string)metadata["causationId"]!));

        // A new page is a new submission: the same quarter again is refused, not doubled.
        await page.OpenAsync($"/plans/{Plan}/entry?q=2024-4");
        await Assertions.Expect(page.Locator("table.entry tr").Filter(new() { HasText = Kpi })).ToContainTextAsync("記録済み：27手続");
    }

    [Fact]
    public async Task Headquarters_sees_no_entry_and_a_hand_made_post_with_its_session_records_nothing()
    {
        await app.CreateAsync("rec-forbidden", "omitama");
        await using var recorder = await app.NewContextAsync();
        var started = await recorder.SignInAsync(WebApp.DemoKey(Roles.Recorder, "rec-forbidden"));
        await started.OpenAsync($"/plans/{Plan}/measures/m02/progress");
        await started.GetByLabel("開始日").FillAsync("2022-04-01");
        await started.GetByRole(AriaRole.Button, new() { Name = "開始を記録する" }).ClickAsync();
        await Assertions.Expect(started.GetByRole(AriaRole.Status)).ToHaveTextAsync("施策の開始を記録しました。");

        await using var context = await app.NewContextAsync();
        var page = await context.SignInAsync(WebApp.DemoKey(Roles.Headquarters, "rec-forbidden"));
        await page.OpenAsync($"/plans/{Plan}");
        Assert.Equal(0, await page.Locator("a[href$='/entry'], a[href$='/progress'], a[href*='/correct']").CountAsync());
        await page.OpenAsync($"/plans/{Plan}/kpis/k01");
        Assert.Equal(0, await page.Locator("a[href$='/entry'], a[href*='/correct']").CountAsync());
        foreach (var path in new[] { $"/plans/{Plan}/entry", $"/plans/{Plan}/measures/m02/progress", $"/plans/{Plan}/kpis/k01/correct?q=2024-4" })
        {
            await page.OpenAsync(path, 403);
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("表示する権限がありません");
        }

        // A valid antiforgery token from a page it may open, its own session cookie, and a figure: refused, nothing appended.
        await page.OpenAsync($"/plans/{Plan}");
        var form = context.APIRequest.CreateFormData();
        form.Set("__RequestVerificationToken", await page.Locator("form input[name=__RequestVerificationToken]").First.InputValueAsync());
        form.Set("submission", Guid.NewGuid().ToString());
        form.Set("q", "2024-4");
        form.Set("values[k01]", "27");
        var post = await context.APIRequest.PostAsync($"/plans/{Plan}/entry", new() { Form = form, MaxRedirects = 0 });
        Assert.Equal((int)HttpStatusCode.Redirect, post.Status);
        Assert.StartsWith("/denied", new Uri(new Uri(app.BaseUrl), post.Headers["location"]).PathAndQuery, StringComparison.Ordinal);
        var start = await context.APIRequest.PostAsync($"/plans/{Plan}/measures/m02/progress?handler=Start", new() { Form = form, MaxRedirects = 0 });
        Assert.Equal((int)HttpStatusCode.Redirect, start.Status);

        var events = await app.StreamEventsAsync("rec-forbidden", StreamIds.Kpi(Plan, "k01"));
        Assert.DoesNotContain(events, e => (string)e!["type"]! == "KpiMeasured");
    }

    [Fact]
    public async Task A_schedule_item_is_marked_done_on_a_past_day_and_a_future_day_is_refused_beside_the_date()
    {
        await app.CreateAsync("rec-schedule", "misaki");
        await using var context = await app.NewContextAsync();
        var page = await context.SignInAsync(WebApp.DemoKey(Roles.Recorder, "rec-schedule"));
        await page.OpenAsync("/plans/misaki-dx/measures/m01/progress");
        var item = page.GetByRole(AriaRole.Listitem).Filter(new() { Has = page.GetByRole(AriaRole.Heading, new() { Name = "サービスの調査・検討" }) });
        await Assertions.Expect(item).ToContainTextAsync("FY2023（令和5年度）〜FY2024（令和6年度）");

        var future = DateTime.UtcNow.AddHours(9).AddDays(3).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        await item.GetByLabel("完了日").FillAsync(future);
        await item.GetByRole(AriaRole.Button, new() { Name = "完了を記録する" }).ClickAsync();
        var refused = page.GetByRole(AriaRole.Listitem).Filter(new() { Has = page.GetByRole(AriaRole.Heading, new() { Name = "サービスの調査・検討" }) });
        await Assertions.Expect(refused.Locator("p.error")).ToContainTextAsync("は未来の日付です（日本時間で今日は");
        await Assertions.Expect(refused.GetByLabel("完了日")).ToHaveAttributeAsync("aria-invalid", "true");
        // The other items' forms show no error.
        await Assertions.Expect(page.Locator("p.error")).ToHaveCountAsync(1);

        await refused.GetByLabel("完了日").FillAsync("2024-03-29");
        await refused.GetByLabel("備考（任意）").FillAsync("調査報告書を作成");
        await refused.GetByRole(AriaRole.Button, new() { Name = "完了を記録する" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("スケジュールの完了を記録しました。");
        var done = page.GetByRole(AriaRole.Listitem).Filter(new() { Has = page.GetByRole(AriaRole.Heading, new() { Name = "サービスの調査・検討" }) });
        await Assertions.Expect(done).ToContainTextAsync("完了：2024年3月29日（test recorder (rec-schedule)が記録）　調査報告書を作成");
        await Assertions.Expect(done.GetByRole(AriaRole.Button)).ToHaveCountAsync(0);
        var events = await app.StreamEventsAsync("rec-schedule", StreamIds.Measure("misaki-dx", "m01"));
        Assert.Single(events, e => (string)e!["type"]! == "ScheduleItemCompleted");
    }
}
