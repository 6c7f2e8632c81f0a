using System.Text.Json.Nodes;
using DxEvents.Api.Auth;
using DxEvents.Api.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace DxEvents.Web.Tests.Support;

/// <summary>A municipality of a test's own (keys for every role and a sample plan imported through the API), so that a
/// journey that writes leaves the shared Mima story as the other tests read it.</summary>
public static class Municipalities
{
    /// <summary>Creates <paramref name="tenant"/> with the demo-style keys (<see cref="WebApp.DemoKey"/>) and imports the
    /// sample plan <paramref name="sample"/> (e.g. "omitama") as its plan.</summary>
    public static async Task CreateAsync(this WebApp app, string tenant, string sample)
    {
        ArgumentNullException.ThrowIfNull(app);
        var keys = app.Services.GetRequiredService<ApiKeys>();
        foreach (var role in Roles.All)
            await keys.CreateAsync(tenant, role, $"test {role} ({tenant})", Startup.DemoToken(tenant, role));
        var plan = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "sample-data", sample + ".plan.json")))!;
        plan["tenant"] = tenant;
        using var http = app.ApiClient(Roles.Office, tenant);
        using var response = await http.PostAsync($"/api/{tenant}/plans", new StringContent(plan.ToJsonString(), System.Text.Encoding.UTF8, "application/json"));
        Assert.True(response.IsSuccessStatusCode, $"import: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>The events of one stream, read through the API with the auditor's key.</summary>
    public static async Task<JsonArray> StreamEventsAsync(this WebApp app, string tenant, string streamId)
    {
        ArgumentNullException.ThrowIfNull(app);
        using var http = app.ApiClient(Roles.Auditor, tenant);
        var body = await http.GetStringAsync($"/api/{tenant}/audit/streams/{streamId}");
        return JsonNode.Parse(body)!["events"]!.AsArray();
    }
}
