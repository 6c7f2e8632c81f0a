using System.Security.Claims;
using System.Security.Cryptography;
using DxEvents.Api.EventStore;
using Marten;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace DxEvents.Api.Auth;

/// <summary>A page session kept on the server: the cookie carries only <see cref="Id"/>. <see cref="Holder"/> names whose
/// session it is (a key or a person), so a revocation can end them all.</summary>
public sealed record WebSession(string Id, string Holder, DateTimeOffset ExpiresAt, string Ticket);

/// <summary>
/// The cookie scheme's session store (ASP.NET Core's <see cref="ITicketStore"/>), in PostgreSQL under the municipality's
/// row-level security. Signing out deletes the row, so a copy of the cookie opens nothing afterwards; a revoked key or
/// person has every row deleted at once. The id starts with the municipality ("mima.…"), because a session is looked up
/// before anything else about the request is known and every read of a document is a municipality's.
/// </summary>
public sealed class WebSessions(IDocumentStore store, TimeProvider clock) : ITicketStore
{
    public const string HolderClaim = "dxevents:holder";

    public static string KeyHolder(string storedKeyId) => "key:" + storedKeyId;

    public static string PersonHolder(string subject) => "person:" + subject;

    public async Task<string> StoreAsync(AuthenticationTicket ticket)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        var tenant = Tenancy.Require(ticket.Principal.FindFirstValue(ApiKeyAuthentication.TenantClaim) ?? "");
        var id = $"{tenant}.{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32))}";
        await using var session = store.LightweightSession(tenant);
        session.Store(Row(id, ticket));
        // Sessions nobody signed out of expire with their ticket; their rows go when the next session of that municipality starts.
        var now = clock.GetUtcNow();
        session.DeleteWhere<WebSession>(s => s.ExpiresAt < now);
        await session.SaveChangesAsync();
        return id;
    }

    public async Task RenewAsync(string key, AuthenticationTicket ticket)
    {
        if (TenantOf(key) is not { } tenant)
            return;
        await using var session = store.LightweightSession(tenant);
        session.Store(Row(key, ticket));
        await session.SaveChangesAsync();
    }

    public async Task<AuthenticationTicket?> RetrieveAsync(string key)
    {
        if (TenantOf(key) is not { } tenant)
            return null;
        await using var session = store.QuerySession(tenant);
        var row = await session.LoadAsync<WebSession>(key);
        return row is not null && row.ExpiresAt > clock.GetUtcNow()
            ? TicketSerializer.Default.Deserialize(Convert.FromBase64String(row.Ticket))
            : null;
    }

    public async Task RemoveAsync(string key)
    {
        if (TenantOf(key) is not { } tenant)
            return;
        await using var session = store.LightweightSession(tenant);
        session.Delete<WebSession>(key);
        await session.SaveChangesAsync();
    }

    /// <summary>Ends every session of <paramref name="holder"/> in the municipality, in the caller's transaction when one is given.</summary>
    public static void EndAll(IDocumentSession session, string holder)
    {
        ArgumentNullException.ThrowIfNull(session);
        session.DeleteWhere<WebSession>(s => s.Holder == holder);
    }

    public static void Configure(CookieAuthenticationOptions options, WebSessions sessions)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.SessionStore = sessions;
    }

    private WebSession Row(string id, AuthenticationTicket ticket) => new(
        id,
        ticket.Principal.FindFirstValue(HolderClaim) ?? throw new InvalidOperationException("A page session names its holder."),
        ticket.Properties.ExpiresUtc ?? clock.GetUtcNow() + TimeSpan.FromHours(8),
        Convert.ToBase64String(TicketSerializer.Default.Serialize(ticket)));

    private static string? TenantOf(string key) =>
        key.Split('.') is [var tenant, { Length: 64 }] && Tenancy.IsValidTenantId(tenant) ? tenant : null;
}
