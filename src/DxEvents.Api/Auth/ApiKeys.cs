using System.Security.Cryptography;
using System.Text;
using DxEvents.EventStore;
using Npgsql;

namespace DxEvents.Api.Auth;

/// <summary>Roles of API.md. Each key has exactly one.</summary>
public static class Roles
{
    public const string Recorder = "recorder";
    public const string Office = "office";
    public const string Auditor = "auditor";
    public const string Headquarters = "headquarters";
    public static readonly IReadOnlyList<string> All = [Recorder, Office, Auditor, Headquarters];
}

public sealed record ApiKeyIdentity(string TenantId, string Role, string Name);

/// <summary>
/// API keys are "dxk_{tenant}_{secret}": the tenant in the token lets the lookup run under that
/// tenant's row-level security; only the SHA-256 of the whole token is stored, so a leaked table
/// reveals no key. A key of 256 random bits needs no salt or slow hash.
/// </summary>
public sealed class ApiKeys(EventStore.EventStore store)
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
        await store.InTenantAsync(tenantId, async (connection, tx) =>
        {
            await using var command = new NpgsqlCommand("""
                INSERT INTO dx_api_keys (tenant_id, key_hash, name, role) VALUES ($1, $2, $3, $4)
                ON CONFLICT (tenant_id, key_hash) DO UPDATE SET name = EXCLUDED.name, role = EXCLUDED.role, revoked_at = NULL
                """, connection, tx);
            command.Parameters.Add(new() { Value = tenantId });
            command.Parameters.Add(new() { Value = Hash(token) });
            command.Parameters.Add(new() { Value = name });
            command.Parameters.Add(new() { Value = role });
            return await command.ExecuteNonQueryAsync(ct);
        }, ct);
        return token;
    }

    public async Task<ApiKeyIdentity?> FindAsync(string token, CancellationToken ct = default)
    {
        if (TenantOf(token) is not { } tenantId)
            return null;
        return await store.InTenantAsync(tenantId, async (connection, tx) =>
        {
            await using var command = new NpgsqlCommand(
                "SELECT role, name FROM dx_api_keys WHERE tenant_id = $1 AND key_hash = $2 AND revoked_at IS NULL", connection, tx);
            command.Parameters.Add(new() { Value = tenantId });
            command.Parameters.Add(new() { Value = Hash(token) });
            await using var reader = await command.ExecuteReaderAsync(ct);
            return await reader.ReadAsync(ct) ? new ApiKeyIdentity(tenantId, reader.GetString(0), reader.GetString(1)) : null;
        }, ct);
    }

    private static string? TenantOf(string token)
    {
        var parts = token.Split('_');
        return parts is ["dxk", var tenant, { Length: > 0 }] && Tenancy.IsValidTenantId(tenant) ? tenant : null;
    }

    private static byte[] Hash(string token) => SHA256.HashData(Encoding.UTF8.GetBytes(token));

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '-');
}
