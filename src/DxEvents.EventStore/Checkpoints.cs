using Npgsql;

namespace DxEvents.EventStore;

internal static class Checkpoints
{
    /// <summary>Reads the checkpoint under a row lock, creating it at the start if the projection is new.</summary>
    public static async Task<CommitPosition> LockAsync(NpgsqlConnection connection, NpgsqlTransaction tx, string projection, CancellationToken ct)
    {
        await using var batch = new NpgsqlBatch(connection, tx)
        {
            BatchCommands =
            {
                new("INSERT INTO dx_projection_checkpoints (projection) VALUES ($1) ON CONFLICT DO NOTHING") { Parameters = { new() { Value = projection } } },
                new("SELECT tx_id, seq FROM dx_projection_checkpoints WHERE projection = $1 FOR UPDATE") { Parameters = { new() { Value = projection } } },
            },
        };
        await using var reader = await batch.ExecuteReaderAsync(ct);
        // Npgsql passes over the INSERT, which returns no rows; be explicit in case it does not.
        while (reader.FieldCount == 0 && await reader.NextResultAsync(ct)) { }
        await reader.ReadAsync(ct);
        return new CommitPosition(reader.GetInt64(0), reader.GetInt64(1));
    }

    /// <summary>Sends the projection's queued writes and the new checkpoint in one round trip.</summary>
    public static async Task SaveAsync(ProjectionContext context, string projection, CommitPosition position, CancellationToken ct)
    {
        await using var batch = new NpgsqlBatch(context.Connection, context.Transaction);
        foreach (var write in context.Writes)
            batch.BatchCommands.Add(write);
        batch.BatchCommands.Add(new("UPDATE dx_projection_checkpoints SET tx_id = $2, seq = $3, updated_at = now() WHERE projection = $1")
        {
            Parameters = { new() { Value = projection }, new() { Value = position.TransactionId }, new() { Value = position.Sequence } },
        });
        await batch.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Events committed or in flight past the checkpoint, and the age of the oldest of them.</summary>
    public static async Task<ProjectionLag> LagAsync(NpgsqlDataSource dataSource, string projection, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        await Tenancy.SetAllTenantsAsync(connection, tx, ct);
        await using var command = new NpgsqlCommand("""
            WITH c AS (SELECT coalesce((SELECT tx_id FROM dx_projection_checkpoints WHERE projection = $1), 0) AS tx_id,
                              coalesce((SELECT seq FROM dx_projection_checkpoints WHERE projection = $1), 0) AS seq)
            SELECT c.tx_id, c.seq, count(e.seq), coalesce(extract(epoch FROM clock_timestamp() - min(e.recorded_at)), 0)::float8
            FROM c LEFT JOIN dx_events e ON (e.tx_id, e.seq) > (c.tx_id, c.seq)
            GROUP BY c.tx_id, c.seq
            """, connection, tx);
        command.Parameters.Add(new() { Value = projection });
        await using var reader = await command.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        return new ProjectionLag(projection, reader.GetInt64(2), reader.GetDouble(3), new CommitPosition(reader.GetInt64(0), reader.GetInt64(1)));
    }
}
