using System.Globalization;
using System.Text.Json;
using DxEvents.Integrity;
using Marten;
using Npgsql;

namespace DxEvents.Api.Integrity;

/// <summary>
/// An event as the chain covers it, read from the row Marten stored rather than re-serialized, so that the hash
/// covers exactly the bytes an auditor reads (dxevents-chain/2: Marten's columns; metadata = causation id, correlation
/// id, headers and user name, nulls left out, as one canonical JSON object).
/// </summary>
internal static class ChainRows
{
    public static readonly string Metadata =
        "jsonb_strip_nulls(jsonb_build_object('causationId', e.causation_id, 'correlationId', e.correlation_id, 'headers', e.headers, 'userName', e.user_name))::text";

    /// <summary>Columns of a chain record from mt_events e left-joined to dx_chain c.</summary>
    public static readonly string Columns =
        $"c.position, e.seq_id, e.stream_id, e.version, e.id, e.type, e.timestamp, e.data::text, {Metadata}, c.hash";

    public static ChainRecord Read(NpgsqlDataReader reader) => new(
        reader.IsDBNull(0) ? null : reader.GetInt64(0), reader.GetInt64(1), reader.GetString(2), reader.GetInt64(3), reader.GetGuid(4),
        reader.GetString(5), reader.GetFieldValue<DateTimeOffset>(6),
        CanonicalJson.Canonicalize(reader.GetString(7)), CanonicalJson.Canonicalize(reader.GetString(8)),
        reader.IsDBNull(9) ? null : reader.GetFieldValue<byte[]>(9));

    /// <summary>The stored rows of the daemon's batch, by sequence, for the sealer (which sees every municipality). Read
    /// through the daemon's own session as one JSON text per row, since the session's SQL API maps up to three columns.</summary>
    public static async Task<Dictionary<long, ChainRecord>> BySequenceAsync(IDocumentOperations operations, long[] sequences, CancellationToken ct)
    {
        var json = await operations.AdvancedSql.QueryAsync<string>($"""
            select json_build_array(e.seq_id, e.stream_id, e.version, e.id, e.type,
                to_char(e.timestamp at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'), e.data::text, {Metadata})::text
            from {EventStore.StoreSetup.Schema}.mt_events e where e.seq_id = ANY(?::bigint[])
            """, ct, new object[] { sequences });
        var rows = new Dictionary<long, ChainRecord>(json.Count);
        foreach (var text in json)
        {
            using var row = JsonDocument.Parse(text);
            var r = row.RootElement;
            var record = new ChainRecord(null, r[0].GetInt64(), r[1].GetString()!, r[2].GetInt64(), r[3].GetGuid(), r[4].GetString()!,
                DateTimeOffset.Parse(r[5].GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal),
                CanonicalJson.Canonicalize(r[6].GetString()!), CanonicalJson.Canonicalize(r[7].GetString()!), null);
            rows[record.Sequence] = record;
        }
        return rows;
    }
}
