using Npgsql;

namespace DxEvents.EventStore;

/// <summary>The open transaction a projection writes through: its rows commit or roll back with the events.</summary>
public sealed record ProjectionContext(NpgsqlConnection Connection, NpgsqlTransaction Transaction);

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
