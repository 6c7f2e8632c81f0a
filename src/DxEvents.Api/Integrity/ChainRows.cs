using System.Buffers;
using System.Globalization;
using System.Text;
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
    /// <summary>The metadata line as SQL (the sealer's, which reads a batch as JSON): <see cref="WriteMetadata"/> builds the
    /// same object from the columns in .NET, where jsonb_build_object cost verification more than the rest of its query.</summary>
    public static readonly string Metadata =
        "jsonb_strip_nulls(jsonb_build_object('causationId', e.causation_id, 'correlationId', e.correlation_id, 'headers', e.headers, 'userName', e.user_name))::text";

    /// <summary>Columns of a chain record from mt_events e left-joined to dx_chain c, and whether the event is archived (outside
    /// the encoding: see <see cref="Cursor.Hidden"/>). jsonb_strip_nulls drops null members within the headers as it does
    /// within the whole object in <see cref="Metadata"/>.</summary>
    public static readonly string Columns =
        "c.position, e.seq_id, e.stream_id, e.version, e.id, e.type, e.timestamp, e.data::text, "
        + "e.causation_id, e.correlation_id, jsonb_strip_nulls(e.headers)::text, e.user_name, c.hash, e.is_archived";

    private const int Stream = 2, Type = 5, Data = 7, Causation = 8, Correlation = 9, Headers = 10, User = 11, StoredHash = 12, Archived = 13;

    public static ChainRecord Read(NpgsqlDataReader reader)
    {
        var metadata = new ArrayBufferWriter<byte>(256);
        WriteMetadata(reader, new ColumnBytes(), metadata);
        return new(
            reader.IsDBNull(0) ? null : reader.GetInt64(0), reader.GetInt64(1), reader.GetString(Stream), reader.GetInt64(3), reader.GetGuid(4),
            reader.GetString(Type), reader.GetFieldValue<DateTimeOffset>(6),
            CanonicalJson.Canonicalize(reader.GetString(Data)), Encoding.UTF8.GetString(metadata.WrittenSpan),
            reader.IsDBNull(StoredHash) ? null : reader.GetFieldValue<byte[]>(StoredHash));
    }

    /// <summary>
    /// The canonical metadata object (dxevents-chain/2: causationId, correlationId, headers, userName, in that key order,
    /// the null ones left out) from its columns: what <see cref="Metadata"/> prints, canonicalized.
    /// </summary>
    private static void WriteMetadata(NpgsqlDataReader reader, ColumnBytes bytes, IBufferWriter<byte> output)
    {
        output.Write("{"u8);
        var first = true;
        Member(reader, bytes, output, Causation, "causationId"u8, json: false, ref first);
        Member(reader, bytes, output, Correlation, "correlationId"u8, json: false, ref first);
        Member(reader, bytes, output, Headers, "headers"u8, json: true, ref first);
        Member(reader, bytes, output, User, "userName"u8, json: false, ref first);
        output.Write("}"u8);
    }

    private static void Member(NpgsqlDataReader reader, ColumnBytes bytes, IBufferWriter<byte> output, int column, ReadOnlySpan<byte> key, bool json, ref bool first)
    {
        if (reader.IsDBNull(column))
            return;
        var value = bytes.Read(reader, column);
        // A JSON null member is one jsonb_strip_nulls leaves out.
        if (json && value.SequenceEqual("null"u8))
            return;
        if (!first)
            output.Write(","u8);
        first = false;
        output.Write("\""u8);
        output.Write(key);
        output.Write("\":"u8);
        if (json)
            CanonicalJson.Canonicalize(value, output);
        else
            CanonicalJson.WriteString(value, output);
    }

    /// <summary>
    /// The rows of <see cref="Columns"/> as a cursor that hashes each row from its column bytes (text columns are UTF-8
    /// on the wire), reused from row to row: a row becomes a record only when its hash does not fit.
    /// </summary>
    /// <param name="archivedStreams">The municipality's archived streams (almost always none).</param>
    public sealed class Cursor(NpgsqlDataReader reader, string tenant, IReadOnlySet<string>? archivedStreams = null) : IChainCursor
    {
        private readonly ChainHasher _hasher = new(tenant);
        private readonly ColumnBytes _stream = new(), _type = new(), _column = new();
        private readonly byte[] _hash = new byte[ChainEncoding.HashLength];
        private readonly byte[] _computed = new byte[ChainEncoding.HashLength];
        private int _hashLength;

        public long? Position { get; private set; }

        public ReadOnlySpan<byte> Hash => _hash.AsSpan(0, _hashLength);

        public async ValueTask<bool> ReadAsync(CancellationToken ct)
        {
            if (!await reader.ReadAsync(ct))
                return false;
            Position = reader.IsDBNull(0) ? null : reader.GetInt64(0);
            // A stored hash of another length is no hash: the walk sends the row to the full check.
            _hashLength = reader.IsDBNull(StoredHash) || reader.GetBytes(StoredHash, 0, null, 0, 0) != ChainEncoding.HashLength
                ? 0 : (int)reader.GetBytes(StoredHash, 0, _hash, 0, ChainEncoding.HashLength);
            if (Hidden is null && Position is { } position)
            {
                var archived = !reader.IsDBNull(Archived) && reader.GetBoolean(Archived);
                if (archived || (archivedStreams is { Count: > 0 } && !reader.IsDBNull(Stream) && archivedStreams.Contains(reader.GetString(Stream))))
                    Hidden = (position, reader.GetInt64(1), archived);
            }
            return true;
        }

        /// <summary>The first linked event read that is archived, or whose stream is (Marten's reads no longer show it, but
        /// archiving is outside dxevents-chain/2), noted on the way rather than looked for in a second query.</summary>
        public (long Position, long Sequence, bool EventArchived)? Hidden { get; private set; }

        public bool Fits(ReadOnlySpan<byte> previous, long position)
        {
            if (reader.IsDBNull(Stream) || reader.IsDBNull(Type))
                return false;
            if (!_hasher.Start(previous, position, reader.GetInt64(1), _stream.Read(reader, Stream), reader.GetInt64(3), reader.GetGuid(4),
                    _type.Read(reader, Type), reader.GetFieldValue<DateTimeOffset>(6)))
                return false;
            _hasher.Data(_column.Read(reader, Data));
            WriteMetadata(reader, _column, _hasher.Line);
            _hasher.Hash(_computed);
            return _computed.AsSpan().SequenceEqual(Hash);
        }

        public ChainRecord ToRecord() => Read(reader);
    }

    /// <summary>A column's raw bytes in a buffer kept for the next row.</summary>
    private sealed class ColumnBytes
    {
        private byte[] _buffer = new byte[1024];

        public ReadOnlySpan<byte> Read(NpgsqlDataReader reader, int column)
        {
            var length = (int)reader.GetBytes(column, 0, null, 0, 0);
            if (length > _buffer.Length)
                _buffer = new byte[Math.Max(length, _buffer.Length * 2)];
            return _buffer.AsSpan(0, (int)reader.GetBytes(column, 0, _buffer, 0, length));
        }
    }

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
