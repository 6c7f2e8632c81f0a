using Npgsql;

namespace DxEvents.EventStore;

/// <summary>
/// One page of a tenant's history in sequence order. Next is the cursor for the following call: the last
/// sequence returned when More, else the settled horizon the page was read to (which may pass events the
/// filter left out). Pending says a transaction still open kept the page from going further: ask again later.
/// </summary>
public sealed record AuditPage(IReadOnlyList<StoredEvent> Events, long Next, bool More, bool Pending);

/// <summary>
/// Paging by sequence for auditors, stable under concurrent writes. Sequence numbers are taken at insert,
/// not at commit, so a page that ended at the highest visible sequence could pass a number that a
/// still-running append fills later, and the next page (after = that sequence) would never show it.
/// Filtering on tx_id below the commit horizon is not enough for a sequence cursor: a transaction whose xid
/// is older than a running one can still take a later sequence and commit first.
/// <para>So a page only reaches sequences proven settled. N = the tenant's highest visible sequence; then a
/// fresh transaction id Y is taken. Every sequence ≤ N was allocated before Y existed, by a transaction whose
/// id was assigned before its sequence (the append locks its chain head row before it takes one), so every
/// such transaction has an id below Y. Once pg_snapshot_xmin passes Y, all of them have ended: nothing at or
/// below N can appear any more. Identity sequences hand out numbers in order (cache 1), which this relies on.</para>
/// <para>A transaction open longer than the wait delays the page (Pending), never loses an event.</para>
/// </summary>
public sealed partial class EventStore
{
    public static readonly TimeSpan DefaultSettleWait = TimeSpan.FromSeconds(2);

    public async Task<AuditPage> ReadPageAsync(
        string tenantId, EventFilter filter, long after, int limit, TimeSpan? settleWait = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentOutOfRangeException.ThrowIfNegative(after);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        var horizon = await SettledHorizonAsync(tenantId, after, settleWait ?? DefaultSettleWait, ct);
        if (horizon is not { } settled)
            return new AuditPage([], after, More: false, Pending: true);
        if (settled <= after)
            return new AuditPage([], after, More: false, Pending: false);

        var events = new List<StoredEvent>();
        var bounded = filter with { StreamId = null, AfterSequence = after, UpToSequence = settled, UpToVersion = null, Limit = limit + 1 };
        await foreach (var e in ReadAsync(tenantId, bounded, ct))
            events.Add(e);
        var more = events.Count > limit;
        if (more)
            events.RemoveAt(events.Count - 1);
        return new AuditPage(events, more ? events[^1].Sequence : settled, more, Pending: false);
    }

    /// <summary>The highest sequence of the tenant below which nothing can still appear, or null when an open
    /// transaction that may hold a lower sequence outlived the wait.</summary>
    public async Task<long?> SettledHorizonAsync(string tenantId, long after, TimeSpan wait, CancellationToken ct = default)
    {
        var highest = await InTenantAsync(tenantId, async (connection, tx) =>
        {
            await using var command = new NpgsqlCommand("SELECT coalesce(max(seq), 0) FROM dx_events WHERE tenant_id = $1", connection, tx);
            command.Parameters.Add(new() { Value = tenantId });
            return (long)(await command.ExecuteScalarAsync(ct))!;
        }, ct);
        if (highest <= after)
            return highest;

        await using var connection = await dataSource.OpenConnectionAsync(ct);
        // Autocommit: the id is assigned and released at once, so this reader never holds anyone's horizon back.
        var fence = await ScalarAsync(connection, "SELECT pg_current_xact_id()::text::bigint", ct);
        var deadline = DateTimeOffset.UtcNow + wait;
        var delay = TimeSpan.FromMilliseconds(2);
        while (await ScalarAsync(connection, "SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint", ct) < fence)
        {
            if (DateTimeOffset.UtcNow >= deadline)
                return null;
            await Task.Delay(delay, ct);
            delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 50));
        }
        return highest;
    }

    private static async Task<long> ScalarAsync(NpgsqlConnection connection, string sql, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return (long)(await command.ExecuteScalarAsync(ct))!;
    }
}
