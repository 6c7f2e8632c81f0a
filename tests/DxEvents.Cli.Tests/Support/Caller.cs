using System.Net;
using System.Text.Json;
using Alba;

namespace DxEvents.Cli.Tests.Support;

/// <summary>One role's key in one municipality: requests to the service as Alba scenarios, answers read as JSON.</summary>
public sealed class Caller(IAlbaHost host, string key)
{
    public Task<IScenarioResult> SendAsync(Action<Scenario> scenario) => host.Scenario(s =>
    {
        s.WithBearerToken(key);
        scenario(s);
    });

    public async Task<JsonElement> PostAsync(string url, object body, HttpStatusCode status = HttpStatusCode.OK) =>
        await (await SendAsync(s =>
        {
            s.Post.Json(body).ToUrl(url);
            s.StatusCodeShouldBe(status);
        })).ReadAsJsonAsync<JsonElement>();

    public async Task<JsonElement> GetAsync(string url) =>
        await (await SendAsync(s =>
        {
            s.Get.Url(url);
            s.StatusCodeShouldBe(HttpStatusCode.OK);
        })).ReadAsJsonAsync<JsonElement>();
}
