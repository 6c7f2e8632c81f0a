using System.Text.Json.Nodes;

namespace DxEvents.Cli.Tests.Support;

/// <summary>The Mima sample plan imported under a test's own tenant, and bundles exported from the server.</summary>
public static class Mima
{
    public const string Plan = "/plans/mima-dx";

    /// <summary>Imports the sample; returns its KPIs with their measure, kind and target.</summary>
    public static async Task<List<(string Kpi, string Measure, string Kind, decimal Target)>> ImportAsync(HttpClient office, string tenant)
    {
        var document = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "sample-data", "mima.plan.json")))!;
        document["tenant"] = tenant;
        await office.PostOkAsync(Url(tenant, "/plans"), document.ToJsonString());
        return [.. document["measures"]!.AsArray().SelectMany(m => m!["kpis"]!.AsArray().Select(k => (k!["id"]!.GetValue<string>(),
            m["id"]!.GetValue<string>(), k["kind"]!.GetValue<string>(), k["target"]!["value"]!.GetValue<decimal>())))];
    }

    /// <summary>GET /audit/export[?until=] saved to a file of this test run.</summary>
    public static async Task<string> ExportAsync(HttpClient auditor, string tenant, string? until)
    {
        using var response = await auditor.GetAsync(Url(tenant, "/audit/export" + (until is null ? "" : $"?until={Uri.EscapeDataString(until)}")));
        response.EnsureSuccessStatusCode();
        Assert.Equal("application/x-ndjson", response.Content.Headers.ContentType?.MediaType);
        var path = TempFiles.New(tenant);
        await using (var file = File.Create(path))
            await response.Content.CopyToAsync(file);
        return path;
    }

    public static string Url(string tenant, string path) => $"/api/{tenant}{path}";

    public static string NewTenant() => "t-" + Guid.NewGuid().ToString("N")[..12];
}
