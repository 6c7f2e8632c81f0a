using System.Net;
using System.Text;
using System.Text.Json;

namespace DxEvents.Api.Tests.Support;

public static class Http
{
    /// <summary>A string body goes as is (malformed JSON included); anything else is serialized with its property names unchanged.</summary>
    public static async Task<HttpResponseMessage> PostJsonAsync(this HttpClient client, string url, object body, string? idempotencyKey = null, string? ifMatch = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = new StringContent(body as string ?? JsonSerializer.Serialize(body), Encoding.UTF8, "application/json"),
        };
        if (idempotencyKey is not null)
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        if (ifMatch is not null)
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        return await client.SendAsync(request);
    }

    public static async Task<JsonElement> JsonAsync(this HttpResponseMessage response, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"Expected {(int)expected}, got {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>Asserts an RFC 9457 answer with this status and, when given, an error whose pointer names the field.</summary>
    public static async Task<JsonElement> ProblemAsync(this HttpResponseMessage response, HttpStatusCode status, string? pointer = null)
    {
        var problem = await response.JsonAsync(status);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        if (pointer is not null)
        {
            Assert.Contains(pointer, Pointers(problem));
            Assert.False(string.IsNullOrEmpty(problem.GetProperty("field").GetString()), "field is empty");
        }
        return problem;
    }

    public static IReadOnlyList<string> Pointers(JsonElement problem) =>
        problem.TryGetProperty("errors", out var errors) ? [.. errors.EnumerateArray().Select(e => e.GetProperty("pointer").GetString()!)] : [];

    public static string? ETag(this HttpResponseMessage response) => response.Headers.ETag?.Tag;

    /// <summary>Sends a request that must be refused, and checks that the town's history did not grow.</summary>
    public static async Task<JsonElement> RefusedAsync(this Town town, Func<Task<HttpResponseMessage>> send, HttpStatusCode status, string? pointer = null)
    {
        var before = await town.EventCountAsync();
        using var response = await send();
        var problem = await response.ProblemAsync(status, pointer);
        Assert.Equal(before, await town.EventCountAsync());
        return problem;
    }
}
