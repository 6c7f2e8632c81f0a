using System.Text.RegularExpressions;
using DxEvents.Api.Auth;
using DxEvents.Web.Tests.Support;
using Microsoft.Playwright;

namespace DxEvents.Web.Tests;

/// <summary>A DX推進本部 member before a meeting: the plans, Mima's status by pillar, measure and KPI, the report as it
/// stood at the last meeting, and what changed since.</summary>
[Collection(WebCollection.Name)]
public sealed class HeadquartersJourneyTests(WebApp app)
{
    [Fact]
    public async Task The_plans_with_counts_by_status_lead_to_Mimas_status_by_pillar_measure_and_kpi()
    {
        await using var context = await app.NewContextAsync();
        var page = await context.SignInAsync(WebApp.DemoKey(Roles.Headquarters));
        await page.OpenAsync("/" + app.Story.Query());
        var plans = page.GetByRole(AriaRole.Region, new() { Name = "計画ごとの状況の表", Exact = true });
        var mima = plans.GetByRole(AriaRole.Row).Filter(new() { HasText = MimaStory.Title });
        await Assertions.Expect(mima).ToContainTextAsync("FY2023（令和5年度）〜FY2025（令和7年度）");
        await Assertions.Expect(mima.Locator("td").Nth(2)).ToContainTextAsync("順調");
        await Assertions.Expect(page.Locator("svg.budget-chart")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Region, new() { Name = "注意が必要な数値目標の表", Exact = true }))
            .ToContainTextAsync("AI議事録作成会議数");

        await mima.GetByRole(AriaRole.Link, new() { Name = MimaStory.Title }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(MimaStory.Title);
        await Assertions.Expect(page.GetByText("判定基準日", new() { Exact = true })).ToBeVisibleAsync();
        Assert.Contains("2025年11月20日", await page.Locator("dl.report-time").InnerTextAsync(), StringComparison.Ordinal);

        var row = (string kpi) => page.Locator("table.kpis tr").Filter(new() { Has = page.GetByRole(AriaRole.Link, new() { Name = kpi }) });
        await Assertions.Expect(row("LoGoチャット利用者数").Locator(".badge")).ToHaveTextAsync("○順調");
        await Assertions.Expect(row("LoGoチャット利用者数")).ToContainTextAsync("200人");
        await Assertions.Expect(row("LoGoチャット利用者数")).ToContainTextAsync("進捗 83.3%／期待");
        await Assertions.Expect(row("AI議事録作成会議数").Locator(".badge")).ToHaveTextAsync("×遅れ");
        await Assertions.Expect(row("利用可能店舗数").Locator(".badge")).ToHaveTextAsync("◎達成");
        await Assertions.Expect(row("スマホ教室参加者数").Locator(".badge")).ToHaveTextAsync("△要注意");
        var stale = row("支援アプリ登録団員数");
        await Assertions.Expect(stale.Locator(".badge")).ToHaveTextAsync("－データなし");
        await Assertions.Expect(stale).ToContainTextAsync("最新の実績値はFY2023 Q3（令和5年度第3四半期）のもので");
        await Assertions.Expect(row("スマート申請・窓口システムの利用者数").Locator(".badge")).ToHaveTextAsync("・未着手");
        await Assertions.Expect(page.GetByRole(AriaRole.Article, new() { Name = "スマート申請・窓口システムの導入と拡張" }))
            .ToContainTextAsync("2025年11月20日の時点で施策が始まっていません。");
        // A figure recorded while its measure had not started: shown with its quarter, not judged, and said so.
        var early = row("データダウンロード数");
        await Assertions.Expect(early.Locator(".badge")).ToHaveTextAsync("・未着手");
        await Assertions.Expect(early).ToContainTextAsync("1,234回");
        await Assertions.Expect(early).ToContainTextAsync("FY2025 Q1（令和7年度第1四半期）");
        await Assertions.Expect(early.Locator(".reason")).ToHaveTextAsync(
            "2025年11月20日の時点で施策が始まっていないため、判定していません。ただし実績値は記録されています（最新 FY2025 Q1（令和7年度第1四半期）：1,234回）。");
        await Assertions.Expect(row("スマート申請・窓口システムの利用者数").Locator(".reason")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("svg.budget-chart")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Region, new() { Name = "提出待ちの実績値" })).ToHaveTextAsync(new Regex("提出待ちの実績値はありません"));
    }

    [Fact]
    public async Task The_date_picker_reproduces_what_the_report_said_at_the_last_meeting()
    {
        await using var context = await app.NewContextAsync();
        var page = await context.SignInAsync(WebApp.DemoKey(Roles.Headquarters));
        await page.OpenAsync("/plans/mima-dx" + app.Story.Query());
        var k04 = page.Locator("table.kpis tr").Filter(new() { Has = page.GetByRole(AriaRole.Link, new() { Name = "LoGoチャット利用者数" }) });
        await Assertions.Expect(k04.Locator(".badge")).ToHaveTextAsync("○順調");

        var at = app.Story.Between.ToOffset(TimeSpan.FromHours(9));
        await page.GetByLabel("時点（この日までに記録された内容で表示）").FillAsync(at.ToString("yyyy-MM-dd"));
        await page.GetByLabel("時刻（任意）").FillAsync(at.ToString("HH:mm:ss"));
        await page.GetByRole(AriaRole.Button, new() { Name = "この時点で表示" }).ClickAsync();
        await page.WaitForURLAsync("**asOf=*");

        // At the meeting FY2025's figures were not in yet: k04 stood at FY2024 Q4 and had no recent figure.
        await Assertions.Expect(page.Locator("dl.report-time")).ToContainTextAsync($"{at:yyyy}年{at.Month}月{at.Day}日 {at:HH:mm:ss}（日本時間）までの記録");
        await Assertions.Expect(k04.Locator(".badge")).ToHaveTextAsync("－データなし");
        await Assertions.Expect(k04).ToContainTextAsync("170人");
        await Assertions.Expect(k04).ToContainTextAsync("FY2024 Q4（令和6年度第4四半期）");

        await Assertions.Expect(page.GetByRole(AriaRole.Region, new() { Name = "提出待ちの実績値の表", Exact = true })).ToContainTextAsync("LoGoチャット利用者数");

        // The KPI page keeps the time: its history then has no correction yet.
        await k04.GetByRole(AriaRole.Link, new() { Name = "LoGoチャット利用者数" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("LoGoチャット利用者数");
        await Assertions.Expect(page.Locator("ol.history")).Not.ToContainTextAsync("実績値の訂正");
        await page.GetByRole(AriaRole.Link, new() { Name = "現在の表示に戻す" }).ClickAsync();
        await Assertions.Expect(page.Locator("ol.history")).ToContainTextAsync(MimaStory.CorrectionReason);
    }

    [Fact]
    public async Task What_changed_since_the_meeting_says_before_after_who_and_why()
    {
        await using var context = await app.NewContextAsync();
        var page = await context.SignInAsync(WebApp.DemoKey(Roles.Headquarters));
        var at = app.Story.Between.ToOffset(TimeSpan.FromHours(9));
        await page.OpenAsync("/plans/mima-dx/changes");
        await page.GetByLabel("いつから（前回の会議の日など）").FillAsync(at.ToString("yyyy-MM-dd"));
        await page.GetByLabel("時刻（任意）").First.FillAsync(at.ToString("HH:mm:ss"));
        await page.GetByRole(AriaRole.Button, new() { Name = "変更点を表示" }).ClickAsync();

        var logo = page.GetByRole(AriaRole.Region, new() { Name = "LoGoチャットの活用 の変更" });
        var correction = logo.GetByRole(AriaRole.Row).Filter(new() { HasText = "実績値の訂正" });
        await Assertions.Expect(correction).ToContainTextAsync("150人 → 156人");
        await Assertions.Expect(correction).ToContainTextAsync(MimaStory.Corrector);
        await Assertions.Expect(correction).ToContainTextAsync(MimaStory.CorrectionReason);
        var budget = logo.GetByRole(AriaRole.Row).Filter(new() { HasText = "事業費の改訂" });
        await Assertions.Expect(budget).ToContainTextAsync("事業費 1,200、一般財源 600、交付金 600（千円）");
        await Assertions.Expect(budget).ToContainTextAsync(MimaStory.BudgetReason);
        // Figures recorded before the meeting are not changes since it.
        await Assertions.Expect(logo).Not.ToContainTextAsync("FY2024 Q4（令和6年度第4四半期）：");
    }

    [Fact]
    public async Task The_plan_prints_with_its_as_of_instant_chain_head_and_their_QR_code()
    {
        await using var context = await app.NewContextAsync();
        var page = await context.SignInAsync(WebApp.DemoKey(Roles.Headquarters));
        await page.OpenAsync("/plans/mima-dx" + app.Story.Query(asOfBetween: true));
        var verification = page.Locator(".verification");
        await Assertions.Expect(verification).ToBeHiddenAsync();

        await page.EmulateMediaAsync(new() { Media = Media.Print });
        await Assertions.Expect(verification).ToBeVisibleAsync();
        await Assertions.Expect(verification.GetByRole(AriaRole.Img, new() { Name = "検証情報のQRコード" })).ToBeVisibleAsync();
        await Assertions.Expect(verification).ToContainTextAsync("時点 " + app.Story.Between.ToString("yyyy-MM-dd'T'HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture));
        await Assertions.Expect(verification).ToContainTextAsync(new Regex(@"チェーン 第\d+件\s*[0-9a-f]{64}"));
        await Assertions.Expect(page.GetByRole(AriaRole.Navigation, new() { Name = "主なページ" })).ToBeHiddenAsync();
        await Assertions.Expect(page.Locator("form.asof")).ToBeHiddenAsync();
        await page.PrintAsync("plan-print");
    }

    [Fact]
    public async Task The_kpi_page_charts_the_quarters_against_the_plan_and_marks_the_correction()
    {
        await using var context = await app.NewContextAsync();
        var page = await context.SignInAsync(WebApp.DemoKey(Roles.Headquarters));
        await page.OpenAsync("/plans/mima-dx/kpis/k04" + app.Story.Query());
        var chart = page.GetByRole(AriaRole.Img, new() { Name = "LoGoチャット利用者数の四半期実績と計画線のグラフ" });
        await Assertions.Expect(chart).ToBeVisibleAsync();
        Assert.Equal(MimaStory.K04.Length - 1, await chart.Locator("g.series circle.pt-figure").CountAsync());
        Assert.Equal(1, await chart.Locator("g.series path.pt-corrected").CountAsync());
        Assert.Equal(1, await chart.Locator("g.series circle.pt-original").CountAsync());
        await Assertions.Expect(chart).ToContainTextAsync("FY2025");
        await Assertions.Expect(chart).ToContainTextAsync("令和7年度");

        var figures = page.GetByRole(AriaRole.Region, new() { Name = "四半期の実績値の表", Exact = true });
        await Assertions.Expect(figures.GetByRole(AriaRole.Row).Filter(new() { HasText = "FY2024 Q2（令和6年度第2四半期）" }))
            .ToContainTextAsync(new Regex(@"156人\s*150人\s*1回"));
        var history = page.Locator("ol.history li").Filter(new() { HasText = "実績値の訂正" });
        await Assertions.Expect(history).ToContainTextAsync("150人 → 156人");
        await Assertions.Expect(history).ToContainTextAsync(MimaStory.Corrector);
        await Assertions.Expect(history).ToContainTextAsync("理由・備考：" + MimaStory.CorrectionReason);
    }

    [Fact]
    public async Task A_past_report_shows_on_request_the_same_report_under_todays_rules_beside_the_rules_in_force_then()
    {
        await app.CreateAsync("hq-rules", "mima");
        using var http = app.ApiClient(Roles.Office, "hq-rules");
        async Task Post(string path, object body)
        {
            using var response = await System.Net.Http.Json.HttpClientJsonExtensions.PostAsJsonAsync(http, "/api/hq-rules/plans/mima-dx/" + path, body);
            Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
        await Post("measures/m04/start", new { on = "2023-04-01" });
        for (var i = 0; i < MimaStory.K04.Length; i++)
            await Post("kpis/k04/measurements", new { fiscalYear = 2023 + (i / 4), quarter = (i % 4) + 1, value = MimaStory.K04[i] });
        await Task.Delay(1100);
        var meeting = DateTimeOffset.UtcNow;
        meeting = new DateTimeOffset(meeting.Ticks - (meeting.Ticks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
        await Task.Delay(1100);
        await Post("tolerance-revisions", new { onTrack = 0.01, atRisk = 0.02, reason = "判定基準の見直し" });

        await using var context = await app.NewContextAsync();
        var page = await context.SignInAsync(WebApp.DemoKey(Roles.Headquarters, "hq-rules"));
        var asOf = Uri.EscapeDataString(meeting.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture));
        await page.OpenAsync($"/plans/mima-dx?reportingDate=2025-11-20&asOf={asOf}");
        var k04 = page.Locator("table.kpis tr").Filter(new() { Has = page.GetByRole(AriaRole.Link, new() { Name = "LoGoチャット利用者数" }) });
        await Assertions.Expect(k04.Locator(".badge")).ToHaveTextAsync("○順調");
        await Assertions.Expect(page.Locator(".now")).ToHaveCountAsync(0);

        await page.GetByLabel("現在の判定基準による判定も並べて表示").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "この時点で表示" }).ClickAsync();
        await page.WaitForURLAsync("**rules=current*");
        await Assertions.Expect(page.GetByLabel("現在の判定基準による判定も並べて表示")).ToBeCheckedAsync();
        await Assertions.Expect(page.Locator("p.rules-now")).ToContainTextAsync("現在の判定基準：進捗が期待から 1% 以内の遅れなら順調、2% 以内なら要注意");
        await Assertions.Expect(k04.Locator(".badge").First).ToHaveTextAsync("○順調");
        await Assertions.Expect(k04.Locator(".now")).ToHaveTextAsync(new Regex(@"^現在の基準では\s*×遅れ\s*$"));
    }
}
