using Npgsql;

namespace DxEvents.EventStore;

/// <summary>
/// Where a projection writes: reads go through <see cref="Connection"/> at once, inside the open
/// transaction; writes are queued with <see cref="Write"/> and sent in the same round trip as the
/// commit, so a projection costs the append no extra round trip unless it must read first.
/// </summary>
public sealed class ProjectionContext(NpgsqlConnection connection, NpgsqlTransaction? transaction)
{
    private readonly List<NpgsqlBatchCommand> _writes = [];

    public NpgsqlConnection Connection => connection;
    /// <summary>Null on the append path, where the store drives BEGIN/COMMIT itself.</summary>
    public NpgsqlTransaction? Transaction => transaction;

    public void Write(NpgsqlBatchCommand command) => _writes.Add(command);

    public NpgsqlCommand Read(string sql) => new(sql, connection, transaction);

    internal IReadOnlyList<NpgsqlBatchCommand> Writes => _writes;
}

/// <summary>Runs inside the append transaction; if it throws, the append is rolled back.</summary>
public interface IInlineProjection
{
    ValueTask ApplyAsync(ProjectionContext context, IReadOnlyList<StoredEvent> events, CancellationToken ct);
}

/// <summary>Runs on the daemon, after commit, in commit-visibility order, with its checkpoint in the same transaction.</summary>
public interface IAsyncProjection
{
    string Name { get; }
    ValueTask ApplyAsync(ProjectionContext context, IReadOnlyList<StoredEvent> events, CancellationToken ct);
    /// <summary>Removes every row the projection wrote, before a rebuild from zero.</summary>
    ValueTask ResetAsync(ProjectionContext context, CancellationToken ct);
}
