using Npgsql;

namespace DxEvents.EventStore;

/// <summary>A position in commit-visibility order: the writing transaction's id, then the sequence.</summary>
public readonly record struct CommitPosition(long TransactionId, long Sequence) : IComparable<CommitPosition>
{
    public static readonly CommitPosition Start = new(0, 0);
    public int CompareTo(CommitPosition other) =>
        TransactionId != other.TransactionId ? TransactionId.CompareTo(other.TransactionId) : Sequence.CompareTo(other.Sequence);
}

/// <summary>
/// Sequence numbers are taken when a row is inserted, not when its transaction commits, so a reader
/// that walks seq can pass a gap that is later filled and never look back (Marten 1629, 3321, 4952,
/// 4964). Instead we walk (tx_id, seq) and stop below the oldest transaction still running: every
/// transaction under that horizon has ended, so nothing can appear behind the reader any more.
/// A rolled-back transaction leaves nothing and the horizon passes it; a long one only delays.
/// </summary>
internal static class CommitOrder
{
    private const string Sql = """
        SELECT seq, tenant_id, stream_id, version, event_id, event_type, data::text, metadata::text, recorded_at, tx_id
        FROM dx_events
        WHERE (tx_id, seq) > ($1, $2) AND tx_id < pg_snapshot_xmin(pg_current_snapshot())::text::bigint
        ORDER BY tx_id, seq
        LIMIT $3
        """;

    public static async Task<List<StoredEvent>> ReadAsync(
        NpgsqlConnection connection, NpgsqlTransaction tx, CommitPosition after, int limit, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(Sql, connection, tx);
        command.Parameters.Add(new() { Value = after.TransactionId });
        command.Parameters.Add(new() { Value = after.Sequence });
        command.Parameters.Add(new() { Value = limit });
        var events = new List<StoredEvent>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            events.Add(EventStore.ReadEvent(reader));
        return events;
    }
}
