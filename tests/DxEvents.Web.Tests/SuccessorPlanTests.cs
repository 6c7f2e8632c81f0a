using System.Text;
using System.Text.Json.Nodes;
using DxEvents.Api.Auth;
using DxEvents.Web.Tests.Support;
using Microsoft.Playwright;

namespace DxEvents.Web.Tests;

/// <summary>次期計画: a plan that names the one it follows is linked from it, and links back to it.</summary>
[Collection(WebCollection.Name)]
public sealed class SuccessorPlanTests(WebApp app)
{
    private const string Tenant = "successor";

    [Fact]
    public async Task An_ended_plan_links_its_successor_and_the_successor_links_back()
    {
        await app.CreateAsync(Tenant, "mima");
        // Test data, not a published plan: Mima's sample as a second plan for FY2026–FY2030 that follows it.
        var successor = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "sample-data", "mima.plan.json")))!;
        successor["tenant"] = Tenant;
        successor["plan"]!["id"] = "mima-dx-2";
        successor["plan"]!["title"] = "第2次美馬市DX推進計画（試験用）";
        successor["plan"]!["period"] = new JsonObject { ["fromFiscalYear"] = 2026, ["toFiscalYear"] = 2030 };
        successor["plan"]!["predecessor"] = "mima-dx";
        using (var office = app.ApiClient(Roles.Office, Tenant))
        using (var response = await office.PostAsync($"/api/{Tenant}/plans", new StringContent(successor.ToJsonString(), Encoding.UTF8, "application/json")))
            Assert.True(response.IsSuccessStatusCode, $"import: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");

        await using var context = await app.NewContextAsync(width: 768, height: 1024);
        var page = await context.SignInAsync(WebApp.DemoKey(Roles.Headquarters, Tenant));
        await page.OpenAsync("/plans/mima-dx");
        var related = page.Locator("ul.related-plans");
        await Assertions.Expect(related).ToHaveTextAsync("次期計画：第2次美馬市DX推進計画（試験用）（FY2026（令和8年度）〜FY2030（令和12年度））");
        await related.GetByRole(AriaRole.Link, new() { Name = "第2次美馬市DX推進計画（試験用）" }).ClickAsync();

        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/plans/mima-dx-2$"));
        await Assertions.Expect(page.Locator("ul.related-plans")).ToContainTextAsync("前期計画：美馬市DX推進計画");
    }
}
