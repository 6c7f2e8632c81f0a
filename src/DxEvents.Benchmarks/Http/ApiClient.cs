using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;

namespace DxEvents.Benchmarks.Http;

/// <summary>One POST as a client sends it: the municipality, the path under /api/{tenant}, the JSON body and its Idempotency-Key.</summary>
internal sealed record ApiCommand(string Tenant, string Path, string Body, string IdempotencyKey);

/// <summary>What came back: the status (0 when no answer came: refused, reset, timed out), the time it took, whether it
/// was a replay of an earlier answer, and Retry-After when the service sent one.</summary>
internal readonly record struct Answer(int Status, double Milliseconds, bool Replayed = false, string? RetryAfter = null, string? Problem = null)
{
    public bool Acknowledged => Status is >= 200 and < 300;
}

/// <summary>
/// A real HTTP client of the service on loopback: its own connection pool (one connection per concurrent client), API keys
/// as bearer tokens, JSON bodies. Talks to the service only through its published API.
/// </summary>
internal sealed class ApiClient : IDisposable
{
    private static readonly MediaTypeHeaderValue Json = new("application/json") { CharSet = "utf-8" };
    private readonly HttpClient _http;

    public ApiClient(Uri baseAddress, TimeSpan? timeout = null)
    {
        var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = int.MaxValue,
            ConnectTimeout = TimeSpan.FromSeconds(5),
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
        };
        _http = new HttpClient(handler) { BaseAddress = baseAddress, Timeout = timeout ?? TimeSpan.FromSeconds(60) };
    }

    public async Task<Answer> PostAsync(string apiKey, ApiCommand command, CancellationToken ct = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/{command.Tenant}{command.Path}")
        {
            Content = new ByteArrayContent(Encoding.UTF8.GetBytes(command.Body)) { Headers = { ContentType = Json } },
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        request.Headers.Add("Idempotency-Key", command.IdempotencyKey);
        var clock = Stopwatch.StartNew();
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, ct);
            var status = (int)response.StatusCode;
            // A refusal is final for a recorder, so a drill names it: its problem details, kept whole.
            var problem = status is >= 400 and < 500 ? await response.Content.ReadAsStringAsync(ct) : null;
            return new Answer(status, clock.Elapsed.TotalMilliseconds,
                response.Headers.TryGetValues("Idempotent-Replayed", out var replayed) && replayed.Contains("true"),
                response.Headers.RetryAfter?.ToString(), problem);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            return new Answer(0, clock.Elapsed.TotalMilliseconds);
        }
    }

    /// <summary>A POST with no key and no Idempotency-Key, as the bare peer takes it; status 0 when no answer came.</summary>
    public async Task<Answer> PostAsync(string path, string body, CancellationToken ct = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body)) { Headers = { ContentType = Json } },
        };
        var clock = Stopwatch.StartNew();
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, ct);
            return new Answer((int)response.StatusCode, clock.Elapsed.TotalMilliseconds);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            return new Answer(0, clock.Elapsed.TotalMilliseconds);
        }
    }

    /// <summary>A read; status 0 when no answer came.</summary>
    public async Task<(int Status, string Body)> GetAsync(string? apiKey, string path, CancellationToken ct = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (apiKey is not null)
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        try
        {
            using var response = await _http.SendAsync(request, ct);
            return ((int)response.StatusCode, await response.Content.ReadAsStringAsync(ct));
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            return (0, e.Message);
        }
    }

    public void Dispose() => _http.Dispose();
}
