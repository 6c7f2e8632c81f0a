using Npgsql;
using NpgsqlTypes;

namespace DxEvents.EventStore;

/// <summary>
/// One statement per stream: move the stream's version only if it is what the writer expected, and
/// reserve the events' versions and sequence numbers. No row back means the expectation was stale.
/// Concurrent writers queue on the stream row; the loser re-checks the version after the winner
/// commits and finds it moved. The rows themselves are inserted with the commit (<see cref="Chain.ChainAppend"/>),
/// once their chain hashes are known, so that no event row is ever written twice.
/// The data comes back as jsonb prints it: the hash covers what the database stores, not what the writer sent.
/// </summary>
internal static class AppendSql
{
    private const string Reserve = """
        SELECT s.base + e.ord, nextval('dx_events_seq_seq'), e.data::jsonb::text, e.meta::jsonb::text
        FROM s, unnest($5::text[], $6::text[]) WITH ORDINALITY AS e(data, meta, ord)
        ORDER BY e.ord
        """;

    private const string ExistingStream = """
        WITH s AS (
            UPDATE dx_streams SET version = version + $4, updated_at = now()
            WHERE tenant_id = $1 AND stream_id = $2 AND version = $7
            RETURNING version - $4 AS base)
        """;

    private const string NewStream = """
        WITH s AS (
            INSERT INTO dx_streams (tenant_id, stream_id, stream_type, version) VALUES ($1, $2, $3, $4)
            ON CONFLICT (tenant_id, stream_id) DO NOTHING
            RETURNING 0::bigint AS base)
        """;

    private const string AnyVersion = """
        WITH s AS (
            INSERT INTO dx_streams (tenant_id, stream_id, stream_type, version) VALUES ($1, $2, $3, $4)
            ON CONFLICT (tenant_id, stream_id) DO UPDATE SET version = dx_streams.version + EXCLUDED.version, updated_at = now()
            RETURNING version - $4 AS base)
        """;

    public static NpgsqlBatchCommand For(string tenantId, StreamAppend append)
    {
        var expected = append.Expected;
        var head = expected.IsAny ? AnyVersion : expected.Value == 0 ? NewStream : ExistingStream;
        var command = new NpgsqlBatchCommand(head + "\n" + Reserve);
        var p = command.Parameters;
        p.Add(new() { Value = tenantId, NpgsqlDbType = NpgsqlDbType.Text });
        p.Add(new() { Value = append.StreamId, NpgsqlDbType = NpgsqlDbType.Text });
        p.Add(new() { Value = append.StreamType, NpgsqlDbType = NpgsqlDbType.Text });
        p.Add(new() { Value = (long)append.Events.Count, NpgsqlDbType = NpgsqlDbType.Bigint });
        p.Add(new() { Value = append.Events.Select(e => e.Data).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        p.Add(new() { Value = append.Events.Select(e => e.Metadata).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        if (head == ExistingStream)
            p.Add(new() { Value = expected.Value, NpgsqlDbType = NpgsqlDbType.Bigint });
        return command;
    }
}
