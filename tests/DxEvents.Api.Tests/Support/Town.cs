using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Alba;
using DxEvents.Api.Auth;
using DxEvents.Api.EventStore;
using Microsoft.Extensions.DependencyInjection;

namespace DxEvents.Api.Tests.Support;

/// <summary>One test municipality: its tenant id, a key per role, its requests as Alba scenarios, and its events read straight from the store.</summary>
public sealed class Town(ApiHost api, string tenant)
{
    public const string Plan = "mima-dx";
    private readonly ConcurrentDictionary<string, Lazy<Task<string>>> _keys = new();

    public string Tenant => tenant;

    public string Url(string path) => $"/api/{tenant}{path}";

    /// <summary>The role's API key in this municipality, made on first use.</summary>
    public Task<string> KeyAsync(string role) =>
        _keys.GetOrAdd(role, r => new Lazy<Task<string>>(() => NewKeyAsync(r))).Value;

    /// <summary>A key for every role, made in the order of <see cref="Roles.All"/>: each is an ApiKeyCreated event, so a town
    /// that has them all before its plan has a history whose end no later request moves.</summary>
    public async Task KeysAsync()
    {
        foreach (var role in Roles.All)
            await KeyAsync(role);
    }

    /// <summary>A fresh key, for a test whose requests must not share one (concurrency).</summary>
    public Task<string> NewKeyAsync(string role) =>
        api.Services.GetRequiredService<ApiKeys>().CreateAsync(tenant, role, $"test {role}");

    /// <summary>An Alba scenario sent with the role's key.</summary>
    public async Task<IScenarioResult> SendAsync(string role, Action<Scenario> scenario)
    {
        var key = await KeyAsync(role);
        return await api.Host.Scenario(s =>
        {
            s.WithBearerToken(key);
            scenario(s);
        });
    }

    public Task<IScenarioResult> ImportAsync(string document, string role = Roles.Office, HttpStatusCode status = HttpStatusCode.Created) =>
        PostAsync("/plans", document, role, status);

    /// <summary>POST a command as <paramref name="role"/> (office by default) to a path under /api/{tenant}; Alba asserts the status.
    /// <paramref name="language"/> is sent as Accept-Language (none: the service's default, Japanese).</summary>
    public Task<IScenarioResult> PostAsync(string path, object body, string role = Roles.Office, HttpStatusCode status = HttpStatusCode.OK,
        IdempotencyKey? key = null, string? ifMatch = null, string? language = null) =>
        SendAsync(role, s =>
        {
            s.Post.JsonBody(body).ToUrl(Url(path));
            if (key is not null)
                s.WithRequestHeader("Idempotency-Key", key.Value);
            if (ifMatch is not null)
                s.WithRequestHeader("If-Match", ifMatch);
            if (language is not null)
                s.WithRequestHeader("Accept-Language", language);
            s.StatusCodeShouldBe(status);
        });

    public Task<IScenarioResult> GetAsync(string path, string role = Roles.Office, HttpStatusCode status = HttpStatusCode.OK, string? language = null) =>
        SendAsync(role, s =>
        {
            s.Get.Url(Url(path));
            if (language is not null)
                s.WithRequestHeader("Accept-Language", language);
            s.StatusCodeShouldBe(status);
        });

    /// <summary>What <paramref name="role"/> reads at a path under /api/{tenant}: a 200 and its JSON (in <paramref name="language"/>).</summary>
    public async Task<JsonElement> ReadAsync(string path, string role = Roles.Office, string? language = null) =>
        await (await GetAsync(path, role, language: language)).ReadAsJsonAsync<JsonElement>();

    /// <summary>Asserts a command's answer (its 200 asserted by the scenario): the event in the body, the stream's new version as ETag, the event stored last.</summary>
    public async Task<JsonElement> AcceptedAsync(IScenarioResult response, string streamId, string eventType)
    {
        var body = await response.ReadAsJsonAsync<JsonElement>();
        var stream = await StreamAsync(streamId);
        Assert.Equal(eventType, stream[^1].EventType);
        Assert.Equal(streamId, body.GetProperty("streamId").GetString());
        Assert.Equal(stream[^1].Version, body.GetProperty("version").GetInt64());
        Assert.Equal($"\"{stream[^1].Version}\"", response.ETag());
        Assert.Equal([eventType], body.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("type").GetString()));
        return body;
    }

    /// <summary>Sends a request that must be refused (its status asserted by the scenario), asserts the problem it answers, and
    /// checks that the town's history did not grow.</summary>
    public async Task<JsonElement> RefusedAsync(Func<Task<IScenarioResult>> send, string? pointer = null)
    {
        var before = await EventCountAsync();
        var problem = await (await send()).ProblemAsync(pointer);
        Assert.Equal(before, await EventCountAsync());
        return problem;
    }

    public Task<JsonElement> PlanViewAsync(string planId = Plan) => ReadAsync($"/plans/{planId}");

    public async Task<JsonElement> StatusAsync(string planId = Plan) => (await ReadAsync($"/plans/{planId}/status")).GetProperty("status");

    public async Task<IReadOnlyList<StoredEvent>> StreamAsync(string streamId) =>
        [.. (await api.Store.ReadStreamAsync(tenant, streamId)).Select(StoredEvent.Of)];

    /// <summary>The town's plan history: what its tests' own commands appended. The keys this helper makes on first use are
    /// events too, in the access stream, and how many depends on the roles a test happened to use; see <see cref="HistoryAsync"/>.</summary>
    public async Task<List<StoredEvent>> EventsAsync() => [.. (await HistoryAsync()).Where(e => e.StreamId != Domain.StreamIds.Access)];

    /// <summary>The municipality's whole history, its access stream included: what the chain seals, the bundle carries
    /// and the audit log pages through.</summary>
    public async Task<List<StoredEvent>> HistoryAsync()
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
