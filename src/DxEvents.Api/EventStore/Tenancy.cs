using System.Text.RegularExpressions;

namespace DxEvents.Api.EventStore;

/// <summary>A municipality is a Marten tenant: its slug is the tenant id of every event and document it owns.</summary>
public static partial class Tenancy
{
    [GeneratedRegex("^[a-z0-9-]{2,40}$")]
    private static partial Regex TenantPattern();

    public static bool IsValidTenantId(string tenantId) => TenantPattern().IsMatch(tenantId);

    public static string Require(string tenantId) =>
        IsValidTenantId(tenantId) ? tenantId : throw new ArgumentException($"Invalid tenant id '{tenantId}'.", nameof(tenantId));
}
