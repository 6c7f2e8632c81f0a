using System.Text.RegularExpressions;
using Npgsql;

namespace DxEvents.EventStore;

/// <summary>
/// Every tenant-scoped transaction sets <c>dxevents.tenant</c>; row-level security reads it, so a query
/// that forgets its tenant filter still sees only that tenant's rows, and one that runs without
/// the setting sees nothing. Cross-tenant readers (the projection daemon) opt in with
/// <c>dxevents.scope = all</c>, explicitly and in one place.
/// </summary>
public static partial class Tenancy
{
    internal const string TenantSetting = "dxevents.tenant";
    internal const string ScopeSetting = "dxevents.scope";

    [GeneratedRegex("^[a-z0-9-]{2,40}$")]
    private static partial Regex TenantPattern();

    public static bool IsValidTenantId(string tenantId) => TenantPattern().IsMatch(tenantId);

    public static string Require(string tenantId) =>
        IsValidTenantId(tenantId) ? tenantId : throw new ArgumentException($"Invalid tenant id '{tenantId}'.", nameof(tenantId));

    // The append's timestamp (dxevents.ts) is taken later, once the tenant's chain head is locked.
    internal static NpgsqlBatchCommand SetTenant(string tenantId) =>
        new("SELECT set_config('dxevents.tenant', $1, true)")
        {
            Parameters = { new() { Value = Require(tenantId) } },
        };

    internal static async Task SetTenantAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string tenantId, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand("SELECT set_config('dxevents.tenant', $1, true)", connection, transaction);
        command.Parameters.Add(new() { Value = Require(tenantId) });
        await command.ExecuteNonQueryAsync(ct);
    }

    internal static async Task SetAllTenantsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand("SELECT set_config('dxevents.scope', 'all', true)", connection, transaction);
        await command.ExecuteNonQueryAsync(ct);
    }
}
