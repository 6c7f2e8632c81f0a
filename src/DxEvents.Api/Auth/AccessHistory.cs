using DxEvents.Api.EventStore;
using DxEvents.Domain;
using DxEvents.Domain.Access;
using JasperFx;
using Marten;

namespace DxEvents.Api.Auth;

/// <summary>A person's access as the lookups read it on every request; written with its event, in its transaction.</summary>
/// <param name="Id">The provider's subject.</param>
public sealed record PersonGrant(string Id, string DisplayName, string? Email, string Role, DateTimeOffset GrantedAt, string GrantedBy);

/// <summary>
/// The municipality's access stream (<see cref="StreamIds.Access"/>): read, decided on by <see cref="AccessDecider"/> and
/// appended to at the version read, so two offices deciding at once cannot both decide on a state the other changed; the
/// loser decides again on the new state. The documents the requests read (<see cref="ApiKey"/>, <see cref="PersonGrant"/>)
/// and the sessions a revocation ends change in the same transaction as the event.
/// </summary>
public static class AccessHistory
{
    public delegate Task<IReadOnlyList<IAccessEvent>> Decision(IDocumentSession session, AccessState state);

    /// <summary>Access changes are rare, but a script may create many keys at once.</summary>
    private const int MaxAttempts = 10;

    public static async Task<IReadOnlyList<IAccessEvent>> WriteAsync(IDocumentStore store, string tenantId, string actor, Decision decide, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(decide);
        for (var attempt = 1; ; attempt++)
        {
            await using var session = store.LightweightSession(Tenancy.Require(tenantId));
            var (state, version) = await ReadAsync(session, ct);
            var events = await decide(session, state);
            if (events.Count > 0)
            {
                Envelopes.Stamp(session, new EventMetadata(actor, null, null, null, null));
                session.Events.Append(StreamIds.Access, version + events.Count, [.. events.Cast<object>()]);
            }
            try
            {
                await session.SaveChangesAsync(ct);
                return events;
            }
            catch (Exception e) when (attempt < MaxAttempts && e is ConcurrencyException or JasperFx.Events.EventStreamUnexpectedMaxEventIdException
                or Marten.Exceptions.ExistingStreamIdCollisionException)
            {
                // Another change to the same municipality's access came first: decide again on the state it left.
                await Task.Delay(Random.Shared.Next(5, 25) * attempt, ct);
            }
        }
    }

    public static async Task<(AccessState State, long Version)> ReadAsync(IQuerySession session, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(session);
        var events = await session.Events.FetchStreamAsync(StreamIds.Access, token: ct);
        return (AccessDecider.Fold(events.Select(e => (IAccessEvent)e.Data)), events.Count == 0 ? 0 : events[^1].Version);
    }
}

/// <summary>Grants to people, kept as events; a revocation ends the person's sessions at once, a new role applies to their next request.</summary>
public sealed class PeopleAccess(IDocumentStore store, TimeProvider clock)
{
    public async Task<AccessGranted> GrantAsync(string tenantId, string? subject, string? displayName, string? email, string? role, string actor,
        CancellationToken ct = default)
    {
        var events = await AccessHistory.WriteAsync(store, tenantId, actor, (session, state) =>
        {
            var granted = AccessDecider.Grant(state, subject, displayName, email, role);
            session.Store(new PersonGrant(granted.Subject, granted.DisplayName, granted.Email, granted.Role, clock.GetUtcNow(), actor));
            return Task.FromResult<IReadOnlyList<IAccessEvent>>([granted]);
        }, ct);
        return (AccessGranted)events[0];
    }

    public async Task<AccessRevoked> RevokeAsync(string tenantId, string? subject, string actor, CancellationToken ct = default)
    {
        var events = await AccessHistory.WriteAsync(store, tenantId, actor, (session, state) =>
        {
            var revoked = AccessDecider.Revoke(state, subject);
            session.Delete<PersonGrant>(revoked.Subject);
            WebSessions.EndAll(session, WebSessions.PersonHolder(revoked.Subject));
            return Task.FromResult<IReadOnlyList<IAccessEvent>>([revoked]);
        }, ct);
        return (AccessRevoked)events[0];
    }

    public async Task<PersonGrant?> FindAsync(string tenantId, string subject, CancellationToken ct = default)
    {
        await using var session = store.QuerySession(Tenancy.Require(tenantId));
        return await session.LoadAsync<PersonGrant>(subject, ct);
    }

    public async Task<IReadOnlyList<PersonGrant>> ListAsync(string tenantId, CancellationToken ct = default)
    {
        await using var session = store.QuerySession(Tenancy.Require(tenantId));
        return [.. (await session.Query<PersonGrant>().ToListAsync(ct)).OrderBy(p => p.DisplayName, StringComparer.Ordinal)];
    }
}
