using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Alba;

namespace DxEvents.Api.Tests.Support;

/// <summary>What a test reads off an Alba answer beyond its status, which the scenario itself asserts.</summary>
public static class Answers
{
    public static HttpStatusCode Status(this IScenarioResult answer) => (HttpStatusCode)answer.Context.Response.StatusCode;

    public static string? ETag(this IScenarioResult answer) => Header(answer, "ETag");

    public static string? Header(this IScenarioResult answer, string name) =>
        answer.Context.Response.Headers.TryGetValue(name, out var values) ? Assert.Single(values) : null;

    public static MediaTypeHeaderValue? ContentType(this IScenarioResult answer) =>
        answer.Context.Response.ContentType is { } type ? MediaTypeHeaderValue.Parse(type) : null;

    /// <summary>The body as sent, byte for byte (ReadAsTextAsync would drop a byte order mark).</summary>
    public static async Task<byte[]> ReadAsBytesAsync(this IScenarioResult answer)
    {
        var body = answer.Context.Response.Body;
        if (body.CanSeek)
            body.Position = 0;
        using var bytes = new MemoryStream();
        await body.CopyToAsync(bytes);
        return bytes.ToArray();
    }

    /// <summary>Asserts an RFC 9457 answer carrying the status it was sent with and, when given, an error whose pointer names the field.</summary>
    public static async Task<JsonElement> ProblemAsync(this IScenarioResult answer, string? pointer = null)
    {
        var problem = await answer.ReadAsJsonAsync<JsonElement>();
        Assert.Equal("application/problem+json", answer.ContentType()?.MediaType);
        Assert.Equal(answer.Context.Response.StatusCode, problem.GetProperty("status").GetInt32());
        if (pointer is not null)
        {
            Assert.Contains(pointer, Pointers(problem));
            Assert.False(string.IsNullOrEmpty(problem.GetProperty("field").GetString()), "field is empty");
        }
        return problem;
    }

    public static IReadOnlyList<string> Pointers(JsonElement problem) =>
        problem.TryGetProperty("errors", out var errors) ? [.. errors.EnumerateArray().Select(e => e.GetProperty("pointer").GetString()!)] : [];

    /// <summary>A test's body as JSON: a string goes as its UTF-8 bytes, malformed or not (Alba's Text would label it text/plain
    /// and count characters, not bytes, as its length); anything else through Alba's serializer.</summary>
    public static SendExpression JsonBody(this IUrlExpression request, object body) =>
        body is string text ? request.ByteArray(Encoding.UTF8.GetBytes(text)).ContentType("application/json") : request.Json(body);
}
