using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace DxEvents.Web.Tests.Support;

public static class Pages
{
    /// <summary>Signs in through the form, as a person would, and waits for the headquarters page.</summary>
    public static async Task<IPage> SignInAsync(this IBrowserContext context, string key)
    {
        var page = await context.NewPageAsync();
        await page.GotoAsync("/signin");
        await page.GetByLabel("APIキー").FillAsync(key);
        await page.GetByRole(AriaRole.Button, new() { Name = "サインイン" }).ClickAsync();
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/");
        return page;
    }

    /// <summary>Opens a page and checks it answered <paramref name="status"/>.</summary>
    public static async Task<IResponse> OpenAsync(this IPage page, string path, int status = 200)
    {
        var response = await page.GotoAsync(path) ?? throw new InvalidOperationException($"No response for {path}");
        Assert.True(response.Status == status, $"{path}: {response.Status}, expected {status}");
        return response;
    }

    /// <summary>axe-core on the page as rendered: no serious or critical violation of WCAG 2.1 A/AA.</summary>
    public static async Task AssertAccessibleAsync(this IPage page)
    {
        var result = await page.RunAxe(new Deque.AxeCore.Commons.AxeRunOptions
        {
            RunOnly = new Deque.AxeCore.Commons.RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"] },
        });
        var bad = result.Violations.Where(v => v.Impact is "serious" or "critical").ToList();
        Assert.True(bad.Count == 0, $"{page.Url}:\n" + string.Join("\n", bad.Select(v =>
            $"{v.Impact} {v.Id}: {v.Help} — {string.Join(" | ", v.Nodes.Take(3).Select(n => string.Join(" ", n.Target) + " " + n.Html))}")));
    }

    /// <summary>When DXEVENTS_SCREENSHOTS names a folder, the page printed to PDF (A4 landscape from the print CSS) goes there.</summary>
    public static async Task PrintAsync(this IPage page, string name)
    {
        if (Environment.GetEnvironmentVariable("DXEVENTS_SCREENSHOTS") is not { Length: > 0 } folder)
            return;
        Directory.CreateDirectory(folder);
        await page.PdfAsync(new() { Path = Path.Combine(folder, name + ".pdf"), PreferCSSPageSize = true, PrintBackground = true });
    }

    /// <summary>When DXEVENTS_SCREENSHOTS names a folder, a full-page PNG of the page goes there.</summary>
    public static async Task ScreenshotAsync(this IPage page, string name)
    {
        if (Environment.GetEnvironmentVariable("DXEVENTS_SCREENSHOTS") is not { Length: > 0 } folder)
            return;
        Directory.CreateDirectory(folder);
        await page.ScreenshotAsync(new() { Path = Path.Combine(folder, name + ".png"), FullPage = true });
        // Slices of a long page, each small enough to look at closely.
        var (width, height) = (page.ViewportSize?.Width ?? 1280, await page.EvaluateAsync<int>("document.documentElement.scrollHeight"));
        for (var (y, i) = (0, 1); y < height && height > 1600; (y, i) = (y + 1000, i + 1))
            await page.ScreenshotAsync(new() { Path = Path.Combine(folder, $"{name}.{i}.png"), FullPage = true, Clip = new() { X = 0, Y = y, Width = width, Height = Math.Min(1000, height - y) } });
    }

    /// <summary>When DXEVENTS_SCREENSHOTS names a folder, a downloaded file goes there as <paramref name="name"/> (the README's
    /// workbook pictures are made from these with LibreOffice).</summary>
    public static async Task KeepAsync(this IDownload download, string name)
    {
        if (Environment.GetEnvironmentVariable("DXEVENTS_SCREENSHOTS") is not { Length: > 0 } folder)
            return;
        Directory.CreateDirectory(folder);
        await download.SaveAsAsync(Path.Combine(folder, name));
    }
}
