using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using DxEvents.Api.Auth;
using DxEvents.Api.Infrastructure;
using DxEvents.Domain.Fiscal;
using DxEvents.Web.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace DxEvents.Web.Tests;

/// <summary>
/// Issue 21 item 2: the office's 提出状況 page. The server keeps the real clock, so the plan is built around today: Q is the
/// last quarter closed by today and P the one before it; the plan runs from P's fiscal year − 1 to Q's + 1. m01 (住民課) owes
/// k01 and has it in for Q; m02 (情報政策課) owes k02 and k03. P's deadline, the day after P ended, has long passed.
/// </summary>
[Collection(WebCollection.Name)]
public sealed class SubmissionsPageTests(WebApp app)
{
    private const string Tenant = "submissions-page";
    private const string PlanId = "teishutsu-dx";
    private const string Address = "tanaka@submissions-page.example.jp";

    private static readonly DateOnly Today = JapanDate.Of(DateTimeOffset.UtcNow);
    private static readonly FiscalQuarter Q = FiscalQuarter.LastClosedBefore(Today);
    private static readonly FiscalQuarter P = Q.Previous;

    private static string Day(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Document() => $$"""
        {
          "format": "dxevents.plan/v1", "tenant": "{{Tenant}}",
          "municipality": { "name": "提出町", "prefecture": "徳島県", "code": null },
          "plan": { "id": "{{PlanId}}", "title": "提出町DX推進計画", "adopted": "{{P.Year.Year - 1}}-03",
                    "period": { "fromFiscalYear": {{P.Year.Year - 1}}, "toFiscalYear": {{Q.Year.Year + 1}} }, "vision": null, "amountUnit": "千円" },
          "pillars": [ { "id": "p1", "title": "行政のDX" } ],
          "measures": [
            { "id": "m01", "pillar": "p1", "title": "窓口のオンライン化", "summary": null, "department": "住民課",
              "kpis": [ { "id": "k01", "name": "オンライン申請の割合", "unit": "%", "kind": "level", "direction": "increase", "baseline": null,
                          "target": { "value": 50, "fiscalYear": {{Q.Year.Year + 1}} }, "note": null } ], "budget": [], "schedule": [] },
            { "id": "m02", "pillar": "p1", "title": "庁内ネットワークの更新", "summary": null, "department": "情報政策課",
              "kpis": [ { "id": "k02", "name": "無線LANの整備率", "unit": "%", "kind": "level", "direction": "increase", "baseline": null,
                          "target": { "value": 100, "fiscalYear": {{Q.Year.Year + 1}} }, "note": null },
                        { "id": "k03", "name": "テレワーク利用者数", "unit": "人", "kind": "level", "direction": "increase", "baseline": null,
                          "target": { "value": 200, "fiscalYear": {{Q.Year.Year + 1}} }, "note": null } ], "budget": [], "schedule": [] }
          ]
        }
        """;

    private async Task ArrangeAsync()
    {
        var keys = app.Services.GetRequiredService<ApiKeys>();
        foreach (var role in Roles.All)
            await keys.CreateAsync(Tenant, role, $"test {role} ({Tenant})", Startup.DemoToken(Tenant, role));
        using var office = app.ApiClient(Roles.Office, Tenant);
        await Ok(office.PostAsync($"/api/{Tenant}/plans", new StringContent(Document(), Encoding.UTF8, "application/json")));
        var start = Day(new FiscalYear(P.Year.Year - 1).Start);
        await Ok(office.PostAsJsonAsync($"/api/{Tenant}/plans/{PlanId}/measures/m01/start", new { on = start }));
        await Ok(office.PostAsJsonAsync($"/api/{Tenant}/plans/{PlanId}/measures/m02/start", new { on = start }));
        await Ok(office.PostAsJsonAsync($"/api/{Tenant}/plans/{PlanId}/deadlines", new { fiscalYear = P.Year.Year, quarter = P.Number, due = Day(P.End.AddDays(1)) }));
        using (var recorder = app.ApiClient(Roles.Recorder, Tenant))
            await Ok(recorder.PostAsJsonAsync($"/api/{Tenant}/plans/{PlanId}/kpis/k01/measurements", new { fiscalYear = Q.Year.Year, quarter = Q.Number, value = 42 }));
        await app.Services.GetRequiredService<PeopleAccess>().GrantAsync(Tenant, "sub-tanaka", "田中 花子", Address, "recorder", "test");
        await app.Services.GetRequiredService<PeopleAccess>().GrantAsync(Tenant, "sub-sato", "佐藤 一郎", null, "recorder", "test");
    }

    private static async Task Ok(Task<HttpResponseMessage> sending)
    {
        using var response = await sending;
        Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.Created, $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    [Fact]
    public async Task The_office_sets_a_deadline_sees_what_is_due_in_and_late_and_sends_a_reminder_once()
    {
        await ArrangeAsync();
        await using var context = await app.NewContextAsync();
        var page = await context.SignInAsync(WebApp.DemoKey(Roles.Office, Tenant));
        await page.OpenAsync($"/plans/{PlanId}");
        await page.GetByRole(AriaRole.Link, new() { Name = "提出状況（提出期限・お知らせ）" }).ClickAsync();

        // The last closed quarter, no deadline yet: nothing is late, whatever is missing is open.
        await page.WaitForURLAsync($"**/plans/{PlanId}/submissions");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("提出状況");
        await Assertions.Expect(page.Locator("p.lead")).ToContainTextAsync(Q.Display);
        await Assertions.Expect(page.Locator("#deadline")).ToContainTextAsync("提出期限：未設定");
        await Assertions.Expect(page.GetByRole(AriaRole.List, new() { Name = "件数" }))
            .ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"提出すべき実績値\s*3\s*件\s*提出済み\s*1\s*件\s*期限超過\s*0\s*件\s*未提出（期限前）\s*2\s*件"));
        var residents = page.GetByRole(AriaRole.Region, new() { Name = "住民課 の提出状況" });
        await Assertions.Expect(residents.Locator("tbody tr")).ToHaveCountAsync(1);
        await Assertions.Expect(residents.Locator("tbody tr")).ToContainTextAsync("✓ 提出済み");
        await Assertions.Expect(residents.Locator("tbody tr")).ToContainTextAsync("test recorder (submissions-page)");
        var it = page.GetByRole(AriaRole.Region, new() { Name = "情報政策課 の提出状況" });
        await Assertions.Expect(it.Locator("tbody tr")).ToHaveCountAsync(2);
        await Assertions.Expect(it.Locator("tbody tr").Nth(0)).ToContainTextAsync("・ 未提出");
        await Assertions.Expect(page.Locator("ul.owners")).ToContainTextAsync("記録の役割：佐藤 一郎（メールアドレスがないため、お知らせは送りません）");

        // The deadline: tomorrow. Sent through the API's own endpoint, an event with the office as its actor.
        var tomorrow = Today.AddDays(1);
        await page.GetByLabel($"{Q.Display} の提出期限").FillAsync(Day(tomorrow));
        await page.GetByRole(AriaRole.Button, new() { Name = "提出期限を記録する" }).ClickAsync();
        await Assertions.Expect(page.Locator(".notice")).ToHaveTextAsync($"{Q.Display}の提出期限を{Labels(tomorrow)}にしました。");
        await Assertions.Expect(page.Locator("#deadline")).ToContainTextAsync($"提出期限：{Labels(tomorrow)}");
        await Assertions.Expect(page.Locator("ol.history")).ToContainTextAsync("test office (submissions-page)");

        // Moving it needs a reason: refused beside the field, nothing recorded.
        await page.GetByLabel($"{Q.Display} の提出期限").FillAsync(Day(tomorrow.AddDays(1)));
        await page.GetByRole(AriaRole.Button, new() { Name = "提出期限を記録する" }).ClickAsync();
        await Assertions.Expect(page.Locator("#reason-error")).ToHaveTextAsync("理由を入力してください。監査で変更の履歴とともに読まれます。");
        await page.AssertAccessibleAsync();

        // Tomorrow's deadline is within the three days' notice: one mail to 田中, and one only however often it is asked for.
        await page.OpenAsync($"/plans/{PlanId}/submissions");
        await page.GetByRole(AriaRole.Button, new() { Name = "今日送るお知らせを今すぐ送る" }).ClickAsync();
        await Assertions.Expect(page.Locator(".notice")).ToHaveTextAsync(
            "お知らせメールを 1 通送信しました（送信済みのため送らなかったもの 0 通、送信できなかったもの 0 通）。");
        await page.ScreenshotAsync("submissions");
        var mail = Assert.Single(app.Smtp.To(Address));
        Assert.Equal($"【提出のお願い】{Q.Display}の実績値（提出期限 {Labels(tomorrow)}）", mail.Subject);
        Assert.Contains("■ 情報政策課　庁内ネットワークの更新\n　・無線LANの整備率\n　・テレワーク利用者数", mail.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("オンライン申請の割合", mail.TextBody, StringComparison.Ordinal);
        await page.GetByRole(AriaRole.Button, new() { Name = "今日送るお知らせを今すぐ送る" }).ClickAsync();
        await Assertions.Expect(page.Locator(".notice")).ToHaveTextAsync(
            "お知らせメールを 0 通送信しました（送信済みのため送らなかったもの 1 通、送信できなかったもの 0 通）。");
        Assert.Single(app.Smtp.To(Address));
        await Assertions.Expect(page.GetByRole(AriaRole.List, new() { Name = "送ったお知らせ" })).ToContainTextAsync($"期限前のお知らせ：{Address}");

        // The quarter before: its deadline passed long ago, and nothing of it is in: all three late.
        await page.GetByLabel("四半期", new() { Exact = true }).SelectOptionAsync(Forms(P));
        await page.GetByRole(AriaRole.Button, new() { Name = "この四半期を表示" }).ClickAsync();
        await Assertions.Expect(page.Locator("#deadline")).ToContainTextAsync("（期限を過ぎています）");
        await Assertions.Expect(page.GetByRole(AriaRole.List, new() { Name = "件数" }))
            .ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"提出すべき実績値\s*3\s*件\s*提出済み\s*0\s*件\s*期限超過\s*3\s*件"));
        await Assertions.Expect(it.Locator("tbody tr").Nth(0)).ToContainTextAsync("！ 期限超過");
        await page.AssertAccessibleAsync();

        // On a tablet, without sideways scrolling; and only the office opens it.
        await using var tablet = await app.NewContextAsync(width: 768, height: 1024);
        var small = await tablet.SignInAsync(WebApp.DemoKey(Roles.Office, Tenant));
        await small.OpenAsync($"/plans/{PlanId}/submissions");
        await small.ScreenshotAsync("submissions-tablet");
        Assert.True(await small.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth"), "提出状況 scrolls sideways at 768 px");
        await small.AssertAccessibleAsync();
        await using var headquarters = await app.NewContextAsync();
        var hq = await headquarters.SignInAsync(WebApp.DemoKey(Roles.Headquarters, Tenant));
        await hq.OpenAsync($"/plans/{PlanId}/submissions", 403);
    }

    private static string Labels(DateOnly d) => DxEvents.Domain.Reports.Labels.DateJa(d);

    private static string Forms(FiscalQuarter q) => DxEvents.Api.Web.Forms.Value(q);
}
