using System.Security.Cryptography;
using System.Text;
using DxEvents.Api.EventStore;
using Marten;

namespace DxEvents.Api.Auth;

/// <summary>The roles of the trust model (docs/design.md). Each key has exactly one.</summary>
public static class Roles
{
    public const string Recorder = "recorder";
    public const string Office = "office";
    public const string Auditor = "auditor";
    public const string Headquarters = "headquarters";
    public static readonly IReadOnlyList<string> All = [Recorder, Office, Auditor, Headquarters];
}

public sealed record ApiKeyIdentity(string TenantId, string Role, string Name);

/// <summary>A stored key: only the SHA-256 of the token (hex, the document id), never the token.</summary>
public sealed record ApiKey(string Id, string Name, string Role, DateTimeOffset? RevokedAt = null);

/// <summary>
/// API keys are "dxk_{tenant}_{secret}": the tenant in the token lets the lookup run under that
/// tenant's row-level security; only the SHA-256 of the whole token is stored, so a leaked table
/// reveals no key. A key of 256 random bits needs no salt or slow hash.
/// </summary>
public sealed class ApiKeys(IDocumentStore store)
{
    public static string NewToken(string tenantId) =>
        $"dxk_{Tenancy.Require(tenantId)}_{Base64Url(RandomNumberGenerator.GetBytes(32))}";

    public async Task<string> CreateAsync(string tenantId, string role, string name, string? token = null, CancellationToken ct = default)
    {
        if (!Roles.All.Contains(role))
            throw new ArgumentException($"Unknown role '{role}'; one of {string.Join(", ", Roles.All)}.", nameof(role));
        if (string.IsNullOrWhiteSpace(name))
            throw new ArgumentException("A key needs the name of the person or system using it.", nameof(name));
        token ??= NewToken(tenantId);
        if (TenantOf(token) != tenantId)
            throw new ArgumentException("The token does not belong to the tenant.", nameof(token));
        await using var session = store.LightweightSession(tenantId);
        session.Store(new ApiKey(Hash(token), name, role));
        await session.SaveChangesAsync(ct);
        return token;
    }

    public async Task<ApiKeyIdentity?> FindAsync(string token, CancellationToken ct = default)
    {
        if (TenantOf(token) is not { } tenantId)
            return null;
        await using var session = store.QuerySession(tenantId);
        return await session.LoadAsync<ApiKey>(Hash(token), ct) is { RevokedAt: null } key ? new ApiKeyIdentity(tenantId, key.Role, key.Name) : null;
    }

    private static string? TenantOf(string token)
    {
        var parts = token.Split('_');
        return parts is ["dxk", var tenant, { Length: > 0 }] && Tenancy.IsValidTenantId(tenant) ? tenant : null;
    }

    private static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '-');
}
