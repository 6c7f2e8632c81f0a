using Npgsql;

namespace DxEvents.EventStore.Chain;

internal static class ChainRows
{
    public const string Columns = "chain_pos, seq, stream_id, version, event_id, event_type, data::text, metadata::text, recorded_at, hash";

    /// <summary>jsonb's text, canonicalized: the form the hash covers.</summary>
    public static ChainRecord Read(NpgsqlDataReader reader) => new(
        reader.IsDBNull(0) ? null : reader.GetInt64(0), reader.GetInt64(1), reader.GetString(2), reader.GetInt64(3), reader.GetGuid(4),
        reader.GetString(5), reader.GetFieldValue<DateTimeOffset>(8),
        CanonicalJson.Canonicalize(reader.GetString(6)), CanonicalJson.Canonicalize(reader.GetString(7)), reader.IsDBNull(9) ? null : reader.GetFieldValue<byte[]>(9));
}
