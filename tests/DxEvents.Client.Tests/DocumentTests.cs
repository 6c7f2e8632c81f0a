using System.Text.Json.Nodes;
using Alba;

namespace DxEvents.Client.Tests;

/// <summary>
/// The client in Client/ is generated from openapi.json, the document as the service serves it. Both are committed: the
/// client is code a reviewer reads in the diff, and the tests need no generator. This test says when they are out of date.
/// </summary>
public sealed class DocumentTests(ClientHost api) : IClassFixture<ClientHost>
{
    [Fact]
    public async Task The_committed_document_the_client_was_generated_from_is_the_one_the_service_serves()
    {
        var response = await api.Host.Scenario(s =>
        {
            s.Get.Url("/openapi/v1.json");
            s.WithRequestHeader("Host", ClientHost.DocumentHost);
        });
        var served = JsonNode.Parse(await response.ReadAsTextAsync())!;
        var committed = Path.Combine(ProjectFolder(), "openapi.json");

        // ./ops/client sets this to write the served document, then regenerates the client from it.
        if (Environment.GetEnvironmentVariable("DXEVENTS_WRITE_OPENAPI") == "1")
            await File.WriteAllTextAsync(committed, served.ToJsonString(new() { WriteIndented = true }) + "\n");

        Assert.True(JsonNode.DeepEquals(served, JsonNode.Parse(await File.ReadAllTextAsync(committed))),
            "The served OpenAPI document changed: run ./ops/client to regenerate tests/DxEvents.Client.Tests/openapi.json and Client/.");
    }

    /// <summary>This project's folder in the source tree, found from the test's output folder.</summary>
    private static string ProjectFolder([System.Runtime.CompilerServices.CallerFilePath] string file = "") => Path.GetDirectoryName(file)!;
}
