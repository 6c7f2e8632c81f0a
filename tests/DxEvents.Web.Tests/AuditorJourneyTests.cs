using System.Globalization;
using DxEvents.Api.Auth;
using DxEvents.Web.Tests.Support;
using Microsoft.Playwright;

namespace DxEvents.Web.Tests;

/// <summary>An auditor: the event log filtered, one KPI's history with its correction, the chain's verification and the bundle.</summary>
[Collection(WebCollection.Name)]
public sealed class AuditorJourneyTests(WebApp app)
{
    [Fact]
    public async Task The_log_filters_by_stream_type_actor_and_period_and_leads_to_a_streams_history()
    {
        await using var context = await app.NewContextAsync();
        var page = await context.SignInAsync(WebApp.DemoKey(Roles.Auditor));
        await page.GetByRole(AriaRole.Link, new() { Name = "変更履歴（監査）" }).ClickAsync();
        await page.GetByLabel("対象（ストリーム）").FillAsync("plan/mima-dx/kpi/k04");
        await page.GetByLabel("イベント種類").SelectOptionAsync("KpiMeasurementCorrected");
        await page.GetByLabel("記録した人").FillAsync(MimaStory.Corrector);
        var today = DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(9)).ToString("yyyy-MM-dd");
        await page.GetByLabel("期間の始め").FillAsync(today);
        await page.GetByLabel("期間の終わり").FillAsync(today);
        await page.GetByRole(AriaRole.Button, new() { Name = "絞り込む" }).ClickAsync();

        var rows = page.GetByRole(AriaRole.Region, new() { Name = "イベントの一覧" }).Locator("tbody tr");
        await Assertions.Expect(rows).ToHaveCountAsync(1);
        await Assertions.Expect(rows.First).ToContainTextAsync("実績値の訂正");
        await Assertions.Expect(rows.First).ToContainTextAsync(MimaStory.CorrectionReason);

        await rows.First.GetByRole(AriaRole.Link, new() { Name = "plan/mima-dx/kpi/k04" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("plan/mima-dx/kpi/k04");
        var history = page.GetByRole(AriaRole.Region, new() { Name = "イベントの一覧" }).Locator("tbody tr");
        await Assertions.Expect(history).ToHaveCountAsync(1 + MimaStory.K04.Length + 1); // defined, ten figures, one correction
        await Assertions.Expect(history.First).ToContainTextAsync("指標の追加");
        await Assertions.Expect(history.Last).ToContainTextAsync("の実績値を訂正");
        await Assertions.Expect(history.Filter(new() { HasText = "訂正：連番" })).ToHaveCountAsync(1);
    }

    [Fact]
    public async Task Verification_finds_the_chain_intact_checks_a_printed_head_and_offers_the_bundle()
    {
        await using var context = await app.NewContextAsync();
        var page = await context.SignInAsync(WebApp.DemoKey(Roles.Auditor));

        // The head a printed report carries…
        await page.OpenAsync("/plans/mima-dx" + app.Story.Query(asOfBetween: true));
        var printed = (await page.Locator(".verification .hash").InnerTextAsync()).Trim();
        var digest = (await page.Locator(".verification .digest").InnerTextAsync()).Trim();
        Assert.Matches("^[0-9a-f]{64}$", printed);
        Assert.Matches("^[0-9a-f]{64}$", digest);

        await page.GetByRole(AriaRole.Link, new() { Name = "改ざん検証" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 2, Name = "✓ 改ざんは見つかりませんでした" })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator(".result")).ToContainTextAsync("封印待ちの記録なし");

        // …is an intact ancestor of today's history.
        await page.GetByLabel("報告書に記載のチェーンの値（64 文字）").FillAsync(printed);
        await page.GetByRole(AriaRole.Button, new() { Name = "確認" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("報告書の作成後に過去の記録は変えられていません");

        // …and its numbers are what that history gives: the QR code's lines pasted into the report check.
        var qr = string.Join("\n", "DxEvents 進捗報告", "plan=mima-dx", "reportingDate=" + app.Story.ReportingDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            "asOf=" + app.Story.Between.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture), $"head={printed}", $"report={digest}");
        await page.GetByLabel("QR コードの内容").FillAsync(qr);
        await page.GetByRole(AriaRole.Button, new() { Name = "数値を照合" }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-report-ok]")).ToHaveAttributeAsync("data-report-ok", "true");
        await Assertions.Expect(page.Locator("[data-report-ok]")).ToContainTextAsync("印刷された報告書と一致します");
        // A digest changed by one digit is refused, with the digest the history gives.
        await page.GetByLabel("QR コードの内容").FillAsync(qr.Replace($"report={digest}", $"report={(digest[0] == '0' ? '1' : '0')}{digest[1..]}", StringComparison.Ordinal));
        await page.GetByRole(AriaRole.Button, new() { Name = "数値を照合" }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-report-ok]")).ToHaveAttributeAsync("data-report-ok", "false");
        await Assertions.Expect(page.Locator("dd.digest").Last).ToHaveTextAsync(digest);

        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "バンドルをダウンロード（.jsonl）" }).ClickAsync());
        Assert.Matches(@"^mima-chain-\d+\.jsonl$", download.SuggestedFilename);
        using var reader = new StreamReader(await download.CreateReadStreamAsync());
        Assert.Contains("\"format\":\"dxevents.bundle/1\"", await reader.ReadLineAsync(), StringComparison.Ordinal);
    }
}
