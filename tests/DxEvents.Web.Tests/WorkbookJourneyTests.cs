using System.Net;
using System.Net.Http.Json;
using DxEvents.Api.Auth;
using DxEvents.Testing;
using DxEvents.Web.Tests.Support;
using Microsoft.Playwright;

namespace DxEvents.Web.Tests;

/// <summary>The workbooks on the pages: the office downloads the template and imports a plan workbook (once, however often it
/// is sent; a wrong one listed by cell), downloads a quarter's sheet and uploads it filled; every role downloads the meeting
/// workbook from the plan page. The files are read and filled by openpyxl, as a department's spreadsheet would.</summary>
[Collection(WebCollection.Name)]
public sealed class WorkbookJourneyTests(WebApp app)
{
    [Fact]
    public async Task The_office_imports_a_plan_workbook_once_and_a_wrong_one_is_listed_by_cell()
    {
        var source = await OfficePlans.ImportAsync(app, "wb-src");
        var planId = OfficePlans.NewId("wb");
        var exported = await DownloadApiAsync($"/api/{OfficePlans.Tenant}/plans/{source}/workbook");
        var file = await TempAsync(await Openpyxl.FillAsync(exported, ("計画", "B6", planId), ("計画", "B7", "試験計画 " + planId)));
        await using var context = await app.NewContextAsync();
        var page = await context.SignInAsync(WebApp.DemoKey(Roles.Office, OfficePlans.Tenant));
        await page.GetByRole(AriaRole.Link, new() { Name = "計画を取り込む（Excel ブック・ひな形）" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("計画の取り込み（Excel ブック）");

        var template = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "ひな形（Excel ブック）をダウンロード" }).ClickAsync());
        Assert.Contains("記入方法", (await Openpyxl.ReadAsync(await File.ReadAllBytesAsync(await template.PathAsync()))).Sheets);
        await template.KeepAsync("plan-template.xlsx");

        await page.GetByLabel("計画の Excel ブック（.xlsx）").SetInputFilesAsync(file);
        await page.GetByRole(AriaRole.Button, new() { Name = "取り込む" }).ClickAsync();
        var notice = page.Locator(".notice");
        await Assertions.Expect(notice).ToContainTextAsync("Excel ブックから計画を取り込みました");
        await Assertions.Expect(notice).ToContainTextAsync("事業費!D2: ");
        var events = await OfficePlans.EventsAsync(app, planId, "");
        Assert.True(events > 0);
        await page.ScreenshotAsync("office-import-workbook");

        await page.GetByLabel("計画の Excel ブック（.xlsx）").SetInputFilesAsync(file);
        await page.GetByRole(AriaRole.Button, new() { Name = "取り込む" }).ClickAsync();
        await Assertions.Expect(page.Locator(".notice")).ToContainTextAsync("既に記録されています");
        Assert.Equal(events, await OfficePlans.EventsAsync(app, planId, ""));

        var other = OfficePlans.NewId("wb-bad");
        var wrong = await TempAsync(await Openpyxl.FillAsync(exported, ("計画", "B6", other), ("施策", "C2", null), ("数値目標", "E2", "=\"flow\"")));
        await page.GetByLabel("計画の Excel ブック（.xlsx）").SetInputFilesAsync(wrong);
        var refused = await page.RunAndWaitForResponseAsync(
            () => page.GetByRole(AriaRole.Button, new() { Name = "取り込む" }).ClickAsync(), r => r.Request.Method == "POST");
        Assert.Equal(422, refused.Status);
        await Assertions.Expect(page.Locator("#workbook-errors")).ToContainTextAsync("数値目標!E2");
        await Assertions.Expect(page.Locator("#workbook-errors")).ToContainTextAsync("数式ではなく値を入力してください");
        Assert.Equal(0, await OfficePlans.EventsAsync(app, other, ""));
        File.Delete(file);
        File.Delete(wrong);
    }

    [Fact]
    public async Task The_office_downloads_a_quarter_sheet_and_uploads_it_filled_once_and_a_recorded_quarter_is_refused_at_its_cell()
    {
        var planId = await OfficePlans.ImportAsync(app, "sheet");
        using (var http = app.ApiClient(Roles.Office, OfficePlans.Tenant))
        {
            using var started = await http.PostAsJsonAsync($"/api/{OfficePlans.Tenant}/plans/{planId}/measures/m01/start", new { on = "2024-04-01" });
            Assert.Equal(HttpStatusCode.OK, started.StatusCode);
        }
        await using var context = await app.NewContextAsync();
        var page = await context.SignInAsync(WebApp.DemoKey(Roles.Office, OfficePlans.Tenant));
        await page.OpenAsync($"/plans/{planId}");
        await page.GetByRole(AriaRole.Link, new() { Name = "実績値の記入シート（Excel）" }).ClickAsync();
        await page.GetByLabel("四半期").SelectOptionAsync("2025-2");
        await page.GetByRole(AriaRole.Button, new() { Name = "この四半期にする" }).ClickAsync();
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "記入シートをダウンロード" }).ClickAsync());
        var sheet = await File.ReadAllBytesAsync(await download.PathAsync());
        Assert.Equal("k01", (await Openpyxl.ReadAsync(sheet)).Cell("実績値", "D9"));
        var filled = await TempAsync(await Openpyxl.FillAsync(sheet, ("実績値", "N9", 42)));

        await page.GetByLabel("記入済みの記入シート（.xlsx）").SetInputFilesAsync(filled);
        await page.GetByRole(AriaRole.Button, new() { Name = "取り込んで記録する" }).ClickAsync();
        await Assertions.Expect(page.Locator(".notice")).ToContainTextAsync("実績値を 1 件記録しました");
        var events = await OfficePlans.EventsAsync(app, planId, "/kpi/k01");
        await page.GetByLabel("記入済みの記入シート（.xlsx）").SetInputFilesAsync(filled);
        await page.GetByRole(AriaRole.Button, new() { Name = "取り込んで記録する" }).ClickAsync();
        await Assertions.Expect(page.Locator(".notice")).ToContainTextAsync("既に記録されています");
        Assert.Equal(events, await OfficePlans.EventsAsync(app, planId, "/kpi/k01"));

        var again = await TempAsync(await Openpyxl.FillAsync(sheet, ("実績値", "N9", 50), ("実績値", "O9", "再提出")));
        await page.GetByLabel("記入済みの記入シート（.xlsx）").SetInputFilesAsync(again);
        var refused = await page.RunAndWaitForResponseAsync(
            () => page.GetByRole(AriaRole.Button, new() { Name = "取り込んで記録する" }).ClickAsync(), r => r.Request.Method == "POST");
        Assert.Equal(422, refused.Status);
        var errors = page.Locator("#sheet-errors");
        await Assertions.Expect(errors).ToContainTextAsync("実績値!N9");
        await Assertions.Expect(errors).ToContainTextAsync($"/plans/{planId}/kpis/k01/correct?q=2025-2");
        await page.ScreenshotAsync("office-figure-sheet-refused");
        Assert.Equal(events, await OfficePlans.EventsAsync(app, planId, "/kpi/k01"));
        File.Delete(filled);
        File.Delete(again);
    }

    [Fact]
    public async Task Every_role_downloads_the_meeting_workbook_from_the_plan_page_and_only_the_office_sees_the_quarter_sheet()
    {
        await using var context = await app.NewContextAsync();
        var page = await context.SignInAsync(WebApp.DemoKey(Roles.Headquarters));
        await page.OpenAsync("/plans/mima-dx");
        Assert.Equal(0, await page.GetByRole(AriaRole.Link, new() { Name = "実績値の記入シート（Excel）" }).CountAsync());

        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "会議資料（Excel ブック、A4 横）をダウンロード" }).ClickAsync());

        var book = await Openpyxl.ReadAsync(await File.ReadAllBytesAsync(await download.PathAsync()));
        await download.KeepAsync("meeting.xlsx");
        Assert.Equal(["進捗状況", "事業費"], book.Sheets);
        Assert.Contains("美馬市DX推進計画", book.Cell("進捗状況", "A1"), StringComparison.Ordinal);
        Assert.Equal((int)HttpStatusCode.Redirect, (await context.APIRequest.GetAsync("/plans/mima-dx/figures.xlsx", new() { MaxRedirects = 0 })).Status);
    }

    private async Task<byte[]> DownloadApiAsync(string path)
    {
        using var http = app.ApiClient(Roles.Office, OfficePlans.Tenant);
        using var response = await http.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsByteArrayAsync();
    }

    private static async Task<string> TempAsync(byte[] bytes)
    {
        var file = Path.Combine(Path.GetTempPath(), $"dxevents-{Guid.NewGuid():N}.xlsx");
        await File.WriteAllBytesAsync(file, bytes);
        return file;
    }
}
