using DxEvents.EventStore;
using DxEvents.Testing;
using Npgsql;

namespace DxEvents.EventStore.Tests;

/// <summary>
/// A projection that writes one row per event; the primary key on (projection, tenant, seq) makes a
/// second application of the same event fail loudly instead of passing unnoticed.
/// </summary>
public sealed class RowProjection(string name) : IAsyncProjection, IInlineProjection
{
    public const string Table = """
        CREATE TABLE projected_rows (
            projection text   NOT NULL,
            tenant_id  text   NOT NULL,
            seq        bigint NOT NULL,
            stream_id  text   NOT NULL,
            version    bigint NOT NULL,
            event_type text   NOT NULL,
            n          int    NOT NULL,
            PRIMARY KEY (projection, tenant_id, seq));
        """;

    public static readonly Migration Migration = new("test", 1, "projected rows", Table + StoreSchema.TenantPolicy("projected_rows"));

    public string Name => name;

    public ValueTask ApplyAsync(ProjectionContext context, IReadOnlyList<StoredEvent> events, CancellationToken ct)
    {
        foreach (var e in events)
            context.Write(new("""
                INSERT INTO projected_rows VALUES ($1, $2, $3, $4, $5, $6, ($7::jsonb->>'n')::int)
                """)
            {
                Parameters =
                {
                    new() { Value = name }, new() { Value = e.TenantId }, new() { Value = e.Sequence }, new() { Value = e.StreamId },
                    new() { Value = e.Version }, new() { Value = e.EventType }, new() { Value = e.Data },
                },
            });
        return ValueTask.CompletedTask;
    }

    public ValueTask ResetAsync(ProjectionContext context, CancellationToken ct)
    {
        context.Write(new("DELETE FROM projected_rows WHERE projection = $1") { Parameters = { new() { Value = name } } });
        return ValueTask.CompletedTask;
    }

    /// <summary>Every row of the projection, across tenants, in sequence order.</summary>
    public async Task<List<string>> RowsAsync(NpgsqlDataSource dataSource)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var tx = await connection.BeginTransactionAsync();
        await using (var scope = new NpgsqlCommand("SELECT set_config('dxevents.scope', 'all', true)", connection, tx))
            await scope.ExecuteNonQueryAsync();
        await using var command = new NpgsqlCommand(
            "SELECT tenant_id, seq, stream_id, version, event_type, n FROM projected_rows WHERE projection = $1 ORDER BY seq", connection, tx);
        command.Parameters.Add(new() { Value = name });
        var rows = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
            rows.Add($"{reader.GetString(0)}|{reader.GetInt64(1)}|{reader.GetString(2)}|{reader.GetInt64(3)}|{reader.GetString(4)}|{reader.GetInt32(5)}");
        return rows;
    }
}

/// <summary>A database of its own with the test projection's table: daemon tests read every tenant's events.</summary>
public class ProjectionDatabase : PostgresDatabase
{
    protected override IEnumerable<Migration> Migrations => [.. StoreSchema.Migrations, RowProjection.Migration];
}
