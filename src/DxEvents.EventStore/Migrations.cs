using Npgsql;

namespace DxEvents.EventStore;

/// <summary>A versioned schema change. Modules (the store, the service's read models) number their own.
/// Then runs after the SQL, in the same transaction, for what SQL alone cannot do (e.g. hashing existing rows).</summary>
public sealed record Migration(string Module, int Version, string Name, string Sql,
    Func<NpgsqlConnection, NpgsqlTransaction, CancellationToken, Task>? Then = null);

public static class Migrator
{
    // One lock for every process that starts at the same time: the second waits, then finds nothing to do.
    private const long MigrationLockKey = 0x4458_4D49_4752; // "DXMIGR"

    private const string CreateLedger = """
        CREATE TABLE IF NOT EXISTS dx_schema_migrations (
            module     text        NOT NULL,
            version    int         NOT NULL,
            name       text        NOT NULL,
            applied_at timestamptz NOT NULL DEFAULT now(),
            PRIMARY KEY (module, version))
        """;

    /// <summary>Applies, in one transaction, every migration not yet recorded. Returns the ones applied.</summary>
    public static async Task<IReadOnlyList<Migration>> MigrateAsync(
        NpgsqlDataSource dataSource, IEnumerable<Migration> migrations, CancellationToken ct = default)
    {
        var ordered = migrations.OrderBy(m => m.Module == StoreSchema.Module ? 0 : 1).ThenBy(m => m.Module, StringComparer.Ordinal).ThenBy(m => m.Version).ToList();
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        await Execute(connection, tx, $"SELECT pg_advisory_xact_lock({MigrationLockKey})", ct);
        await Execute(connection, tx, CreateLedger, ct);

        var applied = new HashSet<(string, int)>();
        await using (var read = new NpgsqlCommand("SELECT module, version FROM dx_schema_migrations", connection, tx))
        await using (var reader = await read.ExecuteReaderAsync(ct))
            while (await reader.ReadAsync(ct))
                applied.Add((reader.GetString(0), reader.GetInt32(1)));

        var done = new List<Migration>();
        foreach (var migration in ordered.Where(m => !applied.Contains((m.Module, m.Version))))
        {
            await Execute(connection, tx, migration.Sql, ct);
            if (migration.Then is { } then)
                await then(connection, tx, ct);
            await using var record = new NpgsqlCommand(
                "INSERT INTO dx_schema_migrations (module, version, name) VALUES ($1, $2, $3)", connection, tx);
            record.Parameters.Add(new() { Value = migration.Module });
            record.Parameters.Add(new() { Value = migration.Version });
            record.Parameters.Add(new() { Value = migration.Name });
            await record.ExecuteNonQueryAsync(ct);
            done.Add(migration);
        }
        await tx.CommitAsync(ct);
        return done;
    }

    private static async Task Execute(NpgsqlConnection connection, NpgsqlTransaction tx, string sql, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection, tx);
        await command.ExecuteNonQueryAsync(ct);
    }
}
