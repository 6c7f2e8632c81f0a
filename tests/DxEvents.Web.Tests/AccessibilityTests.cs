using DxEvents.Api.Auth;
using DxEvents.Web.Tests.Support;

namespace DxEvents.Web.Tests;

/// <summary>axe-core on every page as rendered (WCAG 2.1 A/AA and best practices): no serious or critical violation. With
/// DXEVENTS_SCREENSHOTS set, each page is also saved as a PNG to look at.</summary>
[Collection(WebCollection.Name)]
public sealed class AccessibilityTests(WebApp app)
{
    public static TheoryData<string, string, string> Pages(string query, string asOf) => new()
    {
        { "signin", "", "/signin" },
        { "dashboard", Roles.Headquarters, "/" + query },
        { "plan", Roles.Headquarters, "/plans/mima-dx" + query },
        { "plan-as-of", Roles.Headquarters, "/plans/mima-dx" + asOf },
        { "kpi", Roles.Headquarters, "/plans/mima-dx/kpis/k04" + query },
        { "measure", Roles.Headquarters, "/plans/mima-dx/measures/m04" + query },
        { "kpi-window", Roles.Headquarters, "/plans/mima-dx/kpis/k12" + query },
        { "changes", Roles.Headquarters, "/plans/mima-dx/changes?since=2020-01-01" },
        { "audit", Roles.Auditor, "/audit?stream=plan%2Fmima-dx%2Fkpi%2Fk04" },
        { "audit-stream", Roles.Auditor, "/audit/stream?id=plan%2Fmima-dx%2Fkpi%2Fk04" },
        { "verify", Roles.Auditor, "/audit/verify" },
        { "entry", Roles.Recorder, "/plans/mima-dx/entry?q=2025-2" },
        { "correct", Roles.Recorder, "/plans/mima-dx/kpis/k04/correct?q=2024-2" },
        { "measure-progress", Roles.Recorder, "/plans/mima-dx/measures/m01/progress" },
        { "denied", Roles.Headquarters, "/denied" },
        // The office's pages on Misaki (Mima's story is what the other tests read); the KPI target on a plan of the test's own.
        { "office-plan", Roles.Office, "/plans/misaki-dx" },
        { "office-budget", Roles.Office, "/plans/misaki-dx/measures/m09/budget?fy=2025" },
        { "office-tolerances", Roles.Office, "/plans/misaki-dx/tolerances" },
        { "office-import", Roles.Office, "/plans/import" },
        { "office-import-workbook", Roles.Office, "/plans/import/workbook" },
        { "office-figure-sheet", Roles.Office, "/plans/misaki-dx/figures-sheet" },
        { "office-submissions", Roles.Office, "/plans/misaki-dx/submissions" },
        { "office-target", Roles.Office, "/plans/{office}/kpis/k01/target" },
        { "office-review", Roles.Office, "/review" },
        { "not-found", Roles.Headquarters, "/no-such-page" },
    };

    [Fact]
    public async Task Every_page_has_no_serious_or_critical_accessibility_violation()
    {
        var failures = new List<string>();
        var office = await OfficePlans.ImportAsync(app, "axe");
        foreach (var (name, role, path) in Pages(app.Story.Query(), app.Story.Query(asOfBetween: true)).Select(r => ((string)r[0], (string)r[1], (string)r[2])))
        {
            await using var context = await app.NewContextAsync();
            var key = role == Roles.Office ? WebApp.DemoKey(role, OfficePlans.Tenant) : WebApp.DemoKey(role);
            var page = role.Length == 0 ? await context.NewPageAsync() : await context.SignInAsync(key);
            // The page meant, not an error page scanned in its place: each answers its own status first.
            var response = await page.GotoAsync(path.Replace("{office}", office, StringComparison.Ordinal));
            var expected = name switch { "denied" => 403, "not-found" => 404, _ => 200 };
            if (response?.Status != expected)
            {
                failures.Add($"{name}: {path} answered {response?.Status.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "nothing"}, not {expected}");
                continue;
            }
            await page.ScreenshotAsync(name);
            try
            {
                await page.AssertAccessibleAsync();
            }
            catch (Xunit.Sdk.XunitException e)
            {
                failures.Add(name + ": " + e.Message);
            }
        }
        Assert.True(failures.Count == 0, string.Join("\n\n", failures));
    }

    [Theory]
    [InlineData("plan", Roles.Headquarters, "mima", "/plans/mima-dx")]
    [InlineData("measure", Roles.Headquarters, "mima", "/plans/mima-dx/measures/m04")]
    [InlineData("entry", Roles.Recorder, "mima", "/plans/mima-dx/entry?q=2025-2")]
    [InlineData("correct", Roles.Recorder, "mima", "/plans/mima-dx/kpis/k04/correct?q=2024-2")]
    [InlineData("budget", Roles.Office, "misaki", "/plans/misaki-dx/measures/m09/budget?fy=2025")]
    [InlineData("import", Roles.Office, "misaki", "/plans/import")]
    [InlineData("import-workbook", Roles.Office, "misaki", "/plans/import/workbook")]
    [InlineData("figure-sheet", Roles.Office, "misaki", "/plans/misaki-dx/figures-sheet")]
    [InlineData("review", Roles.Office, "misaki", "/review")]
    [InlineData("submissions", Roles.Office, "misaki", "/plans/misaki-dx/submissions")]
    public async Task A_page_reads_on_a_tablet_without_sideways_scrolling(string name, string role, string tenant, string path)
    {
        await using var context = await app.NewContextAsync(width: 768, height: 1024);
        var page = await context.SignInAsync(WebApp.DemoKey(role, tenant));
        await page.OpenAsync(path);
        await page.ScreenshotAsync(name + "-tablet");
        Assert.True(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth"), $"{path} scrolls sideways at 768 px");
    }
}
