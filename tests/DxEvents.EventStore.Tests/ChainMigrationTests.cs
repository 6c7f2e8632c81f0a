using DxEvents.Testing;
using Npgsql;

namespace DxEvents.EventStore.Tests;

/// <summary>A database from before the chain: only the first store migration.</summary>
public sealed class UnchainedDatabase : PostgresDatabase
{
    protected override IEnumerable<Migration> Migrations => StoreSchema.Migrations.Take(1);
}

public sealed class ChainMigrationTests(UnchainedDatabase db) : IClassFixture<UnchainedDatabase>
{
    [Fact]
    public async Task Events_stored_before_the_chain_are_chained_in_sequence_order_by_the_migration()
    {
        var (mima, misaki) = (Make.Tenant(), Make.Tenant());
        await InsertUnchainedAsync(mima, 2500);
        await InsertUnchainedAsync(misaki, 3);

        await Migrator.MigrateAsync(db.DataSource, StoreSchema.Migrations);
        var store = new EventStore(db.DataSource);
        await store.AppendAsync(mima, Make.Stream("after", ExpectedVersion.NoStream, Make.Event()));

        var (m, s) = (await store.VerifyChainAsync(mima), await store.VerifyChainAsync(misaki));
        Assert.True(m.Ok, m.Break?.Detail);
        Assert.True(s.Ok, s.Break?.Detail);
        Assert.Equal((2501L, 3L), (m.Count, s.Count));
        Assert.True(await db.ScalarAsync<bool>(
            "SELECT attnotnull FROM pg_attribute WHERE attrelid = 'dx_events'::regclass AND attname = 'chain_pos'"));
    }

    /// <summary>Rows as the store wrote them before the chain (more than one backfill chunk for the first tenant).</summary>
    private async Task InsertUnchainedAsync(string tenant, int count)
    {
        await using var connection = await db.DataSource.OpenConnectionAsync();
        await using var tx = await connection.BeginTransactionAsync();
        await using (var setting = new NpgsqlCommand("SELECT set_config('dxevents.tenant', $1, true)", connection, tx))
        {
            setting.Parameters.Add(new() { Value = tenant });
            await setting.ExecuteNonQueryAsync();
        }
        await using var insert = new NpgsqlCommand("""
            WITH s AS (INSERT INTO dx_streams (tenant_id, stream_id, stream_type, version) VALUES ($1, 'old', 'test', $2))
            INSERT INTO dx_events (tenant_id, stream_id, version, event_id, event_type, data, metadata, recorded_at)
            SELECT $1, 'old', v, gen_random_uuid(), 'Happened', jsonb_build_object('n', v, 'note', '旧データ'), '{"actor":"before"}', now()
            FROM generate_series(1, $2) AS v
            """, connection, tx);
        insert.Parameters.Add(new() { Value = tenant });
        insert.Parameters.Add(new() { Value = count });
        await insert.ExecuteNonQueryAsync();
        await tx.CommitAsync();
    }
}
