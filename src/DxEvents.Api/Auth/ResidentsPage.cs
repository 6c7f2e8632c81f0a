using DxEvents.Api.EventStore;
using DxEvents.Domain.Access;
using Marten;

namespace DxEvents.Api.Auth;

/// <summary>
/// Whether a municipality's page for residents is published: a fact of its access history (<see cref="ResidentsPageOpened"/>,
/// <see cref="ResidentsPageClosed"/>), decided by <see cref="AccessDecider"/> like every other change of who may read.
/// Read by every anonymous request from the history itself: a withdrawn page is gone at once, on every node.
/// </summary>
public sealed class ResidentsPage(IDocumentStore store)
{
    public Task OpenAsync(string tenantId, string actor, CancellationToken ct = default) =>
        AccessHistory.WriteAsync(store, tenantId, actor,
            (_, state) => Task.FromResult<IReadOnlyList<IAccessEvent>>([AccessDecider.OpenResidentsPage(state)]), ct);

    public Task CloseAsync(string tenantId, string actor, CancellationToken ct = default) =>
        AccessHistory.WriteAsync(store, tenantId, actor,
            (_, state) => Task.FromResult<IReadOnlyList<IAccessEvent>>([AccessDecider.CloseResidentsPage(state)]), ct);

    /// <summary>False for a municipality id that is not one, one that does not exist, and one whose page is not published:
    /// an anonymous reader cannot tell them apart.</summary>
    public async Task<bool> IsOpenAsync(string? tenantId, CancellationToken ct = default)
    {
        if (tenantId is null || !Tenancy.IsValidTenantId(tenantId))
            return false;
        await using var session = store.QuerySession(tenantId);
        return (await AccessHistory.ReadAsync(session, ct)).State.ResidentsPage;
    }
}
