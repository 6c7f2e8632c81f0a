using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Text.Json;
using DxEvents.Api.Auth;
using DxEvents.Api.EventStore;
using Microsoft.Extensions.DependencyInjection;

namespace DxEvents.Api.Tests.Support;

/// <summary>One test municipality: its tenant id, a client per role, and its events read straight from the store.</summary>
public sealed class Town(ApiFactory api, string tenant)
{
    public const string Plan = "mima-dx";
    private readonly ConcurrentDictionary<string, Lazy<Task<HttpClient>>> _clients = new();

    public string Tenant => tenant;

    public string Url(string path) => $"/api/{tenant}{path}";

    public Task<HttpClient> As(string role) =>
        _clients.GetOrAdd(role, r => new Lazy<Task<HttpClient>>(() => NewClientAsync(r))).Value;

    /// <summary>A fresh client with a fresh key, for a test that must not share one (concurrency).</summary>
    public async Task<HttpClient> NewClientAsync(string role)
    {
        var token = await api.Services.GetRequiredService<ApiKeys>().CreateAsync(tenant, role, $"test {role}");
        var client = api.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public async Task<HttpResponseMessage> ImportAsync(string document, string role = Roles.Office) =>
        await (await As(role)).PostJsonAsync(Url("/plans"), document);

    /// <summary>POST a command as <paramref name="role"/> (office by default) to a path under /api/{tenant}.</summary>
    public async Task<HttpResponseMessage> PostAsync(string path, object body, string role = Roles.Office, IdempotencyKey? key = null, string? ifMatch = null) =>
        await (await As(role)).PostJsonAsync(Url(path), body, key?.Value, ifMatch);

    public async Task<HttpResponseMessage> GetAsync(string path, string role = Roles.Office) =>
        await (await As(role)).GetAsync(Url(path));

    /// <summary>Asserts a command's answer: 200, the event in the body, the stream's new version as ETag, the event stored last.</summary>
    public async Task<JsonElement> AcceptedAsync(HttpResponseMessage response, string streamId, string eventType)
    {
        var body = await response.JsonAsync();
        var stream = await StreamAsync(streamId);
        Assert.Equal(eventType, stream[^1].EventType);
        Assert.Equal(streamId, body.GetProperty("streamId").GetString());
        Assert.Equal(stream[^1].Version, body.GetProperty("version").GetInt64());
        Assert.Equal($"\"{stream[^1].Version}\"", response.ETag());
        Assert.Equal([eventType], body.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("type").GetString()));
        return body;
    }

    public async Task<JsonElement> PlanViewAsync(string planId = Plan) => await (await GetAsync($"/plans/{planId}")).JsonAsync();

    public async Task<JsonElement> StatusAsync(string planId = Plan) => (await (await GetAsync($"/plans/{planId}/status")).JsonAsync()).GetProperty("status");

    public async Task<IReadOnlyList<StoredEvent>> StreamAsync(string streamId) =>
        [.. (await api.Store.ReadStreamAsync(tenant, streamId)).Select(StoredEvent.Of)];

    public async Task<List<StoredEvent>> EventsAsync()
    {
        var events = new List<StoredEvent>();
        await foreach (var e in api.Store.ReadAsync(tenant, new EventFilter()))
            events.Add(StoredEvent.Of(e));
        return events;
    }

    public async Task<int> EventCountAsync() => (await EventsAsync()).Count;
}

/// <summary>A stored event as a test reads it: data in the store's JSON dialect, metadata as the domain's envelope has it.</summary>
public sealed record StoredEvent(long Sequence, string StreamId, long Version, string EventType, string Data, string Metadata, DateTimeOffset RecordedAt)
{
    public static StoredEvent Of(JasperFx.Events.IEvent e) => new(e.Sequence, e.StreamKey ?? "", e.Version, e.EventTypeName,
        System.Text.Json.JsonSerializer.Serialize(e.Data, e.Data.GetType(), Domain.EventCatalog.JsonOptions),
        System.Text.Json.JsonSerializer.Serialize(Envelopes.Metadata(e), Domain.EventCatalog.JsonOptions), e.Timestamp);
}

public sealed record IdempotencyKey(string Value)
{
    public static IdempotencyKey New() => new(Guid.NewGuid().ToString());
}
