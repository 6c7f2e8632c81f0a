using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DxEvents.Api.Auth;
using DxEvents.Web.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace DxEvents.Web.Tests;

/// <summary>住民向けページ: off until the office publishes it; then anyone reads the plans' progress without signing in, with no
/// staff names, the open-data CSV, and the chain head and report digest to check it against a bundle.</summary>
[Collection(WebCollection.Name)]
public sealed class ResidentsPageTests(WebApp app)
{
    private const string Tenant = "residents";

    [Fact]
    public async Task The_office_publishes_the_page_anyone_reads_it_without_a_session_or_a_name_and_withdrawing_it_is_a_404_again()
    {
        await app.CreateAsync(Tenant, "mima");
        using (var office = app.ApiClient(Roles.Office, Tenant))
            Assert.True((await office.PostAsJsonAsync($"/api/{Tenant}/plans/mima-dx/measures/m04/start", new { on = "2025-04-01" })).IsSuccessStatusCode);
        using (var recorder = app.ApiClient(Roles.Recorder, Tenant))
            Assert.True((await recorder.PostAsJsonAsync($"/api/{Tenant}/plans/mima-dx/kpis/k04/measurements", new { fiscalYear = 2025, quarter = 1, value = 4321 })).IsSuccessStatusCode);

        await using var resident = await app.NewContextAsync(width: 768, height: 1024);
        var page = await resident.NewPageAsync();
        // Unpublished and unknown answer alike, and show nothing of the plan.
        await page.OpenAsync($"/residents/{Tenant}", 404);
        Assert.DoesNotContain("美馬市DX推進計画", await page.ContentAsync(), StringComparison.Ordinal);
        await page.OpenAsync($"/residents/{Tenant}/plans/mima-dx", 404);
        await page.OpenAsync("/residents/no-such-town", 404);
        await page.OpenAsync("/residents/%E7%BE%8E%E9%A6%AC", 404);

        await using var officeContext = await app.NewContextAsync();
        var manage = await officeContext.SignInAsync(WebApp.DemoKey(Roles.Office, Tenant));
        await manage.OpenAsync("/access");
        await manage.GetByRole(AriaRole.Button, new() { Name = "公開する" }).ClickAsync();
        await Assertions.Expect(manage.GetByRole(AriaRole.Status)).ToContainTextAsync("住民向けページを公開しました。");
        await Assertions.Expect(manage.Locator(".residents-state")).ToContainTextAsync($"公開中：/residents/{Tenant}");

        await page.OpenAsync($"/residents/{Tenant}");
        Assert.Empty(await resident.CookiesAsync());
        await page.AssertAccessibleAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "美馬市DX推進計画" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("美馬市DX推進計画");
        var kpi = page.Locator("table.kpis tr", new() { HasText = "LoGoチャット利用者数" });
        await Assertions.Expect(kpi).ToContainTextAsync("4,321人");
        await page.AssertAccessibleAsync();
        await page.ScreenshotAsync("residents-plan-tablet");
        Assert.True(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth"), "the residents' page scrolls sideways at 768 px");

        // No person: the keys' names are the actors of every event above, and none of them is on the page or in its CSV.
        var html = await page.ContentAsync();
        foreach (var role in Roles.All)
            Assert.DoesNotContain($"test {role} ({Tenant})", html, StringComparison.Ordinal);
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "オープンデータ（CSV）" }).ClickAsync());
        var csv = await File.ReadAllTextAsync((await download.PathAsync())!);
        Assert.Contains("LoGoチャット利用者数", csv, StringComparison.Ordinal);
        Assert.Contains("4321", csv, StringComparison.Ordinal);
        foreach (var role in Roles.All)
            Assert.DoesNotContain($"test {role} ({Tenant})", csv, StringComparison.Ordinal);

        // What the page prints is what an auditor checks: the API's digest of the same report, and its chain head.
        using var auditor = app.ApiClient(Roles.Auditor, Tenant);
        using var status = JsonDocument.Parse(await auditor.GetStringAsync($"/api/{Tenant}/plans/mima-dx/status"));
        Assert.Contains(status.RootElement.GetProperty("reportDigest").GetString()!, html, StringComparison.Ordinal);

        // Publishing is in the municipality's access history, with who did it.
        var access = await app.StreamEventsAsync(Tenant, "access");
        var opened = Assert.Single(access, e => e!["type"]!.GetValue<string>() == "ResidentsPageOpened");
        Assert.Equal($"test {Roles.Office} ({Tenant})", opened!["metadata"]!["actor"]!.GetValue<string>());

        await manage.OpenAsync("/access");
        await manage.GetByRole(AriaRole.Button, new() { Name = "公開を終了する" }).ClickAsync();
        await Assertions.Expect(manage.GetByRole(AriaRole.Status)).ToContainTextAsync("住民向けページの公開を終了しました。");
        await page.OpenAsync($"/residents/{Tenant}/plans/mima-dx", 404);
        using var anonymous = new HttpClient { BaseAddress = new Uri(app.BaseUrl) };
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"/residents/{Tenant}/plans/mima-dx?handler=csv")).StatusCode);
    }

    [Fact]
    public async Task A_published_page_shows_only_its_own_municipality_and_signs_no_one_in()
    {
        await app.CreateAsync("residents-a", "omitama");
        await app.Services.GetRequiredService<ResidentsPage>().OpenAsync("residents-a", "test");
        using var anonymous = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri(app.BaseUrl) };

        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/residents/residents-a")).StatusCode);
        // Mima's plan id under Omitama's published page is not Mima's plan, and the staff pages still want a session.
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync("/residents/residents-a/plans/mima-dx")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync("/residents/mima/plans/mima-dx")).StatusCode);
        var staff = await anonymous.GetAsync("/plans/mima-dx");
        Assert.Equal(HttpStatusCode.Redirect, staff.StatusCode);
        Assert.StartsWith("/signin", staff.Headers.Location!.OriginalString.Replace(app.BaseUrl, "", StringComparison.Ordinal), StringComparison.Ordinal);
    }
}
