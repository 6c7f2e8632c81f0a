using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;

namespace DxEvents.Cli.Tests.Support;

/// <summary>The Mima sample plan imported under a test's own tenant, and bundles exported from the server.</summary>
public static class Mima
{
    public const string Plan = "/plans/mima-dx";

    /// <summary>Imports the sample; returns its KPIs with their measure, kind and target.</summary>
    public static async Task<List<(string Kpi, string Measure, string Kind, decimal Target)>> ImportAsync(Caller office, string tenant)
    {
        var document = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "sample-data", "mima.plan.json")))!;
        document["tenant"] = tenant;
        await office.PostAsync(Url(tenant, "/plans"), document, HttpStatusCode.Created);
        return [.. document["measures"]!.AsArray().SelectMany(m => m!["kpis"]!.AsArray().Select(k => (k!["id"]!.GetValue<string>(),
            m["id"]!.GetValue<string>(), k["kind"]!.GetValue<string>(), k["target"]!["value"]!.GetValue<decimal>())))];
    }

    /// <summary>GET /audit/export[?until=] saved to a file of this test run.</summary>
    public static async Task<string> ExportAsync(Caller auditor, string tenant, string? until)
    {
        var response = await auditor.SendAsync(s =>
        {
            s.Get.Url(Url(tenant, "/audit/export" + (until is null ? "" : $"?until={Uri.EscapeDataString(until)}")));
            s.StatusCodeShouldBe(HttpStatusCode.OK);
        });
        Assert.Equal("application/x-ndjson", MediaTypeHeaderValue.Parse(response.Context.Response.ContentType!).MediaType);
        var path = TempFiles.New(tenant);
        await using (var file = File.Create(path))
            await response.Context.Response.Body.CopyToAsync(file);
        return path;
    }

    public static string Url(string tenant, string path) => $"/api/{tenant}{path}";

    public static string NewTenant() => "t-" + Guid.NewGuid().ToString("N")[..12];
}
