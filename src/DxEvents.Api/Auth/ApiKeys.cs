using System.Security.Cryptography;
using System.Text;
using DxEvents.Api.EventStore;
using DxEvents.Domain.Access;
using Marten;
using Marten.Patching;

namespace DxEvents.Api.Auth;

/// <summary>The roles of the trust model (docs/design.md), of the API and the pages. Each key and each person has exactly one per municipality.</summary>
public static class Roles
{
    public const string Recorder = AccessRoles.Recorder;
    public const string Office = AccessRoles.Office;
    public const string Auditor = AccessRoles.Auditor;
    public const string Headquarters = AccessRoles.Headquarters;
    public static readonly IReadOnlyList<string> All = AccessRoles.All;
}

public sealed record ApiKeyIdentity(string TenantId, string Role, string Name, string Id);

/// <summary>A stored key: only the SHA-256 of the token (hex, the document id), never the token. Written with the
/// <see cref="ApiKeyCreated"/> and <see cref="ApiKeyRevoked"/> events, in their transaction.</summary>
public sealed record ApiKey(string Id, string Name, string Role, DateTimeOffset? RevokedAt = null, DateTimeOffset? CreatedAt = null,
    string? CreatedBy = null, DateTimeOffset? LastUsedAt = null);

/// <summary>
/// API keys are "dxk_{tenant}_{secret}": the tenant in the token lets the lookup run under that
/// tenant's row-level security; only the SHA-256 of the whole token is stored, so a leaked table
/// reveals no key. A key of 256 random bits needs no salt or slow hash.
/// </summary>
public sealed class ApiKeys(IDocumentStore store, TimeProvider? clock = null, KeyGrantCache? cache = null)
{
    /// <summary>The SQL that tells every listening node (<see cref="KeyGrantCache"/>) to forget a key; sent in the revocation's
    /// transaction, so the notification leaves only when the revocation commits.</summary>
    private const string RevokedNotification = $"select pg_notify('{KeyGrantCache.Channel}', ?)";

    /// <summary>Last use is written at most this often per key, so a busy client costs one write a minute, not one a request.</summary>
    public static readonly TimeSpan LastUseResolution = TimeSpan.FromMinutes(1);

    private readonly TimeProvider _clock = clock ?? TimeProvider.System;

    public static string NewToken(string tenantId) =>
        $"dxk_{Tenancy.Require(tenantId)}_{Base64Url(RandomNumberGenerator.GetBytes(32))}";

    /// <summary>A new key (the token returned is shown once), recorded as <see cref="ApiKeyCreated"/> in the municipality's
    /// access history. With a fixed <paramref name="token"/> (the demo keys) an existing key is left as it is.</summary>
    public async Task<string> CreateAsync(string tenantId, string role, string name, string? token = null, CancellationToken ct = default,
        string actor = "dxevents")
    {
        if (!Roles.All.Contains(role))
            throw new ArgumentException($"Unknown role '{role}'; one of {string.Join(", ", Roles.All)}.", nameof(role));
        if (string.IsNullOrWhiteSpace(name))
            throw new ArgumentException("A key needs the name of the person or system using it.", nameof(name));
        token ??= NewToken(tenantId);
        if (TenantOf(token) != tenantId)
            throw new ArgumentException("The token does not belong to the tenant.", nameof(token));
        var id = Hash(token);
        await AccessHistory.WriteAsync(store, tenantId, actor, async (session, state) =>
        {
            if (state.Keys.ContainsKey(id) || await session.LoadAsync<ApiKey>(id, ct) is not null)
                return [];
            var created = AccessDecider.CreateKey(id, name, role);
            session.Store(new ApiKey(id, created.Name, created.Role, CreatedAt: _clock.GetUtcNow(), CreatedBy: actor));
            return [created];
        }, ct);
        return token;
    }

    public async Task<ApiKeyIdentity?> FindAsync(string token, CancellationToken ct = default)
    {
        if (TenantOf(token) is not { } tenantId)
            return null;
        var id = Hash(token);
        var now = _clock.GetUtcNow();
        // A cached grant serves until its last use is due to be written again; that write looks the key up afresh.
        if (cache is not null && cache.TryGet(id, out var cached, out var lastUsed) && cached!.TenantId == tenantId
            && lastUsed is { } at && now - at < LastUseResolution)
            return cached;
        var generation = cache?.Generation ?? 0;
        await using var session = store.LightweightSession(tenantId);
        if (await session.LoadAsync<ApiKey>(id, ct) is not { RevokedAt: null } key)
            return null;
        var written = key.LastUsedAt;
        if (key.LastUsedAt is not { } used || now - used >= LastUseResolution)
        {
            session.Patch<ApiKey>(key.Id).Set(k => k.LastUsedAt, now);
            await session.SaveChangesAsync(ct);
            written = now;
        }
        var identity = new ApiKeyIdentity(tenantId, key.Role, key.Name, key.Id);
        cache?.Put(identity, written, generation);
        return identity;
    }

    /// <summary>The role of a stored key (by its id, the token's hash) that is not revoked, else null: what a page session signed
    /// in with the key re-checks on every request, from the same cache as the API's bearer keys (a revocation is heard at once).</summary>
    public async Task<string?> RoleOfAsync(string tenantId, string keyId, CancellationToken ct = default)
    {
        if (cache is not null && cache.TryGet(keyId, out var cached, out _) && cached!.TenantId == tenantId)
            return cached.Role;
        var generation = cache?.Generation ?? 0;
        await using var session = store.QuerySession(tenantId);
        if (await session.LoadAsync<ApiKey>(keyId, ct) is not { RevokedAt: null } key)
            return null;
        cache?.Put(new ApiKeyIdentity(tenantId, key.Role, key.Name, key.Id), key.LastUsedAt, generation);
        return key.Role;
    }

    /// <summary>The key's own <see cref="ApiKeyRevoked"/>; its page sessions end in the same transaction, and every node's
    /// <see cref="KeyGrantCache"/> hears of it when it commits.</summary>
    public async Task RevokeAsync(string tenantId, string keyId, string actor, CancellationToken ct = default)
    {
        await AccessHistory.WriteAsync(store, tenantId, actor, (session, state) =>
        {
            var revoked = AccessDecider.RevokeKey(state, keyId);
            session.Patch<ApiKey>(keyId).Set(k => k.RevokedAt, _clock.GetUtcNow());
            session.QueueSqlCommand(RevokedNotification, keyId);
            WebSessions.EndAll(session, WebSessions.KeyHolder(keyId));
            return Task.FromResult<IReadOnlyList<IAccessEvent>>([revoked]);
        }, ct);
        // This node forgets at once, before its listener hears its own notification.
        cache?.Forget(keyId);
    }

    public async Task<IReadOnlyList<ApiKey>> ListAsync(string tenantId, CancellationToken ct = default)
    {
        await using var session = store.QuerySession(tenantId);
        return [.. (await session.Query<ApiKey>().ToListAsync(ct)).OrderByDescending(k => k.CreatedAt).ThenBy(k => k.Name, StringComparer.Ordinal)];
    }

    /// <summary>The id a key is stored and named under: the SHA-256 of the token, lowercase hex.</summary>
    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    private static string? TenantOf(string token)
    {
        var parts = token.Split('_');
        return parts is ["dxk", var tenant, { Length: > 0 }] && Tenancy.IsValidTenantId(tenant) ? tenant : null;
    }

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '-');
}
