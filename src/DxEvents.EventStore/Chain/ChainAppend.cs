using Npgsql;
using NpgsqlTypes;

namespace DxEvents.EventStore.Chain;

/// <summary>
/// The append's part in the hash chain, with no round trip of its own. In the first batch, before any
/// sequence is taken, the tenant's head row is locked: one tenant's appends run one at a time from there
/// to COMMIT, so chain order = sequence order = recorded-at order within a tenant (the timestamp is read
/// after the lock), and "what was recorded up to T" is always a prefix of the chain. In the second batch,
/// before COMMIT, the events are inserted with their positions and hashes, and the head moves.
/// </summary>
internal static class ChainAppend
{
    /// <summary>After Tenancy.SetTenant: the head row, locked; then the append's timestamp and transaction id.</summary>
    public static NpgsqlBatchCommand[] LockHead(string tenantId) =>
    [
        new("INSERT INTO dx_chain_heads (tenant_id, position, hash) VALUES ($1, 0, $2) ON CONFLICT (tenant_id) DO NOTHING")
        {
            Parameters = { new() { Value = tenantId }, new() { Value = ChainEncoding.Genesis.ToArray(), NpgsqlDbType = NpgsqlDbType.Bytea } },
        },
        new("SELECT position, hash FROM dx_chain_heads WHERE tenant_id = $1 FOR UPDATE")
        {
            Parameters = { new() { Value = tenantId } },
        },
        // The row lock has assigned the transaction id by now, before any sequence number: AuditReading relies on that.
        new("SELECT set_config('dxevents.ts', clock_timestamp()::text, true)::timestamptz, pg_current_xact_id()::text::bigint"),
    ];

    /// <summary>Chains the events (sorted by sequence) after the head, then queues their insert and the new head.</summary>
    public static NpgsqlBatchCommand[] Insert(string tenantId, long headPosition, byte[] headHash, IReadOnlyList<StoredEvent> events)
    {
        var positions = new long[events.Count];
        var hashes = new byte[events.Count][];
        var previous = headHash;
        for (var i = 0; i < events.Count; i++)
        {
            var e = events[i];
            positions[i] = headPosition + 1 + i;
            hashes[i] = previous = ChainEncoding.Hash(previous, tenantId, positions[i], new ChainRecord(positions[i], e.Sequence, e.StreamId,
                e.Version, e.EventId, e.EventType, e.RecordedAt, CanonicalJson.Canonicalize(e.Data), CanonicalJson.Canonicalize(e.Metadata), null));
        }

        return [InsertRows(tenantId, events, positions, hashes), MoveHead(tenantId, positions[^1], previous)];
    }

    private static NpgsqlBatchCommand InsertRows(string tenantId, IReadOnlyList<StoredEvent> events, long[] positions, byte[][] hashes) =>
        new("""
            INSERT INTO dx_events (tenant_id, seq, stream_id, version, event_id, event_type, data, metadata, recorded_at, chain_pos, hash)
            OVERRIDING SYSTEM VALUE
            SELECT $1, e.seq, e.stream, e.version, e.id, e.type, e.data::jsonb, e.meta::jsonb, current_setting('dxevents.ts')::timestamptz, e.pos, e.hash
            FROM unnest($2::bigint[], $3::text[], $4::bigint[], $5::uuid[], $6::text[], $7::text[], $8::text[], $9::bigint[], $10::bytea[])
                AS e(seq, stream, version, id, type, data, meta, pos, hash)
            """)
        {
            Parameters =
            {
                new() { Value = tenantId },
                new() { Value = events.Select(e => e.Sequence).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint },
                new() { Value = events.Select(e => e.StreamId).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text },
                new() { Value = events.Select(e => e.Version).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint },
                new() { Value = events.Select(e => e.EventId).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Uuid },
                new() { Value = events.Select(e => e.EventType).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text },
                new() { Value = events.Select(e => e.Data).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text },
                new() { Value = events.Select(e => e.Metadata).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text },
                new() { Value = positions, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint },
                new() { Value = hashes, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bytea },
            },
        };

    private static NpgsqlBatchCommand MoveHead(string tenantId, long position, byte[] hash) =>
        new("UPDATE dx_chain_heads SET position = $2, hash = $3 WHERE tenant_id = $1")
        {
            Parameters =
            {
                new() { Value = tenantId },
                new() { Value = position },
                new() { Value = hash, NpgsqlDbType = NpgsqlDbType.Bytea },
            },
        };
}
