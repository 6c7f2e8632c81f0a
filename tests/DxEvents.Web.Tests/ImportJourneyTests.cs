using System.Net;
using System.Text;
using DxEvents.Api.Auth;
using DxEvents.Web.Tests.Support;
using Microsoft.Playwright;

namespace DxEvents.Web.Tests;

/// <summary>The DX office imports a published plan from its JSON file: the warnings it keeps as printed, every error at its
/// JSON pointer with nothing imported, and one import however often the form is sent.</summary>
[Collection(WebCollection.Name)]
public sealed class ImportJourneyTests(WebApp app)
{
    [Fact]
    public async Task A_plan_file_is_imported_with_its_warnings_and_a_resend_imports_once()
    {
        var planId = OfficePlans.NewId("import");
        var file = Path.Combine(Path.GetTempPath(), planId + ".plan.json");
        await File.WriteAllTextAsync(file, OfficePlans.MimasPlanAs(planId).ToJsonString());
        await using var context = await app.NewContextAsync();
        var page = await context.SignInAsync(WebApp.DemoKey(Roles.Office, OfficePlans.Tenant));
        await page.GetByRole(AriaRole.Link, new() { Name = "計画を取り込む（JSON ファイル）" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("計画の取り込み（JSON ファイル）");

        // The same form sent twice (a double click, a resend): one import.
        var token = await page.Locator("form.office-form input[name=__RequestVerificationToken]").InputValueAsync();
        var submission = await page.Locator("form.office-form input[name=submission]").InputValueAsync();
        for (var i = 0; i < 2; i++)
        {
            var form = context.APIRequest.CreateFormData();
            form.Set("__RequestVerificationToken", token);
            form.Set("submission", submission);
            form.Append("document", new FilePayload { Name = "plan.json", MimeType = "application/json", Buffer = await File.ReadAllBytesAsync(file) });
            var sent = await context.APIRequest.PostAsync("/plans/import", new() { Multipart = form, MaxRedirects = 0 });
            Assert.Equal((int)HttpStatusCode.Redirect, sent.Status);
        }
        var events = await OfficePlans.EventsAsync(app, planId, "");
        Assert.True(events > 0);

        // Chosen again as a file, with a new form: the plan exists, said so, nothing added.
        await page.OpenAsync("/plans/import");
        await page.GetByLabel("計画の JSON ファイル").SetInputFilesAsync(file);
        var conflict = await page.RunAndWaitForResponseAsync(
            () => page.GetByRole(AriaRole.Button, new() { Name = "取り込む" }).ClickAsync(), r => r.Request.Method == "POST");
        Assert.Equal(409, conflict.Status);
        await Assertions.Expect(page.Locator(".error-summary")).ToContainTextAsync("この計画は既に取り込まれています");
        await Assertions.Expect(page.Locator("#document-errors")).ToContainTextAsync("/plan/id");
        Assert.Equal(events, await OfficePlans.EventsAsync(app, planId, ""));

        // A new plan id through the page: the warnings, Mima's 3,388 / 3,398 among them.
        var other = OfficePlans.NewId("import");
        await File.WriteAllTextAsync(file, OfficePlans.MimasPlanAs(other).ToJsonString());
        await page.GetByLabel("計画の JSON ファイル").SetInputFilesAsync(file);
        await page.GetByRole(AriaRole.Button, new() { Name = "取り込む" }).ClickAsync();
        var notice = page.Locator(".notice");
        await Assertions.Expect(notice).ToContainTextAsync($"計画「試験計画 {other}」を取り込みました");
        await Assertions.Expect(notice).ToContainTextAsync("一般財源 3,398 が事業費 3,388 を上回っています。");
        await Assertions.Expect(notice.Locator("code").First).ToContainTextAsync("/measures/");
        await page.ScreenshotAsync("office-import-warnings");
        await notice.GetByRole(AriaRole.Link, new() { Name = $"「試験計画 {other}」を開く" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync($"試験計画 {other}");
        File.Delete(file);
    }

    [Fact]
    public async Task An_invalid_file_is_refused_with_each_error_at_its_pointer_and_imports_nothing()
    {
        var planId = OfficePlans.NewId("invalid");
        var document = OfficePlans.Document(planId);
        document["measures"]![0]!["pillar"] = "p9";
        document["measures"]![0]!["budget"]![0]!["total"] = -5;
        var file = Path.Combine(Path.GetTempPath(), planId + ".plan.json");
        await File.WriteAllTextAsync(file, document.ToJsonString(), Encoding.UTF8);
        await using var context = await app.NewContextAsync();
        var page = await context.SignInAsync(WebApp.DemoKey(Roles.Office, OfficePlans.Tenant));
        await page.OpenAsync("/plans/import");
        await page.GetByLabel("計画の JSON ファイル").SetInputFilesAsync(file);
        var refused = await page.RunAndWaitForResponseAsync(
            () => page.GetByRole(AriaRole.Button, new() { Name = "取り込む" }).ClickAsync(), r => r.Request.Method == "POST");
        Assert.Equal(422, refused.Status);
        await Assertions.Expect(page.Locator(".error-summary")).ToContainTextAsync("ファイルに誤りがあります（2件）");
        var errors = page.Locator("#document-errors");
        await Assertions.Expect(errors).ToContainTextAsync("/measures/0/pillar");
        await Assertions.Expect(errors).ToContainTextAsync("/measures/0/budget/0/total");
        await Assertions.Expect(errors).ToContainTextAsync($"施策 m01　{OfficePlans.Measure}");
        await page.ScreenshotAsync("office-import-errors");
        Assert.Equal(0, await OfficePlans.EventsAsync(app, planId, ""));

        await File.WriteAllTextAsync(file, "{ \"format\": ", Encoding.UTF8);
        await page.GetByLabel("計画の JSON ファイル").SetInputFilesAsync(file);
        await page.GetByRole(AriaRole.Button, new() { Name = "取り込む" }).ClickAsync();
        await Assertions.Expect(page.Locator("#document-errors")).ToContainTextAsync("正しい JSON ではありません");
        File.Delete(file);
    }
}
