using DxEvents.EventStore.Chain;
using Npgsql;

namespace DxEvents.EventStore.Tests;

/// <summary>A database administrator edits rows directly (superuser: no row-level security, no store code);
/// verification names the first broken position and what broke.</summary>
public sealed class TamperTests(SharedDatabase db) : IClassFixture<SharedDatabase>
{
    private readonly EventStore _store = new(db.DataSource);

    // Positions above zero can be renumbered without tripping the unique key halfway: flip the sign, then shift.
    private const string ShiftUpFrom5 = """
        UPDATE dx_events SET chain_pos = -chain_pos WHERE tenant_id = $1 AND chain_pos >= 5;
        UPDATE dx_events SET chain_pos = -chain_pos + 1 WHERE tenant_id = $1 AND chain_pos < 0;
        """;

    [Fact]
    public async Task Updating_one_events_data_is_altered_at_its_position()
    {
        var tenant = await TenAsync();
        await TamperAsync(tenant, "UPDATE dx_events SET data = '{\"n\": 42}' WHERE tenant_id = $1 AND chain_pos = 5");
        await AssertBrokenAsync(tenant, 5, ChainBreakKind.Altered);
    }

    [Fact]
    public async Task Deleting_one_row_is_missing_at_its_position_even_when_later_rows_are_renumbered()
    {
        var (plain, renumbered) = (await TenAsync(), await TenAsync());
        await TamperAsync(plain, "DELETE FROM dx_events WHERE tenant_id = $1 AND chain_pos = 5");
        await TamperAsync(renumbered, """
            DELETE FROM dx_events WHERE tenant_id = $1 AND chain_pos = 5;
            UPDATE dx_events SET chain_pos = -chain_pos WHERE tenant_id = $1 AND chain_pos > 5;
            UPDATE dx_events SET chain_pos = -chain_pos - 1 WHERE tenant_id = $1 AND chain_pos < 0;
            UPDATE dx_chain_heads SET position = position - 1 WHERE tenant_id = $1;
            """);
        await AssertBrokenAsync(plain, 5, ChainBreakKind.Missing);
        await AssertBrokenAsync(renumbered, 5, ChainBreakKind.Missing);
    }

    [Fact]
    public async Task Swapping_two_rows_payloads_or_positions_is_reordered_at_the_first()
    {
        var (payloads, rows) = (await TenAsync(), await TenAsync());
        await TamperAsync(payloads, """
            UPDATE dx_events e SET data = o.data, metadata = o.metadata FROM dx_events o
            WHERE e.tenant_id = $1 AND o.tenant_id = $1 AND ((e.chain_pos, o.chain_pos) IN ((4, 8), (8, 4)))
            """);
        await TamperAsync(rows, """
            UPDATE dx_events SET chain_pos = -chain_pos WHERE tenant_id = $1 AND chain_pos IN (4, 8);
            UPDATE dx_events SET chain_pos = CASE chain_pos WHEN -4 THEN 8 ELSE 4 END WHERE tenant_id = $1 AND chain_pos < 0;
            """);
        await AssertBrokenAsync(payloads, 4, ChainBreakKind.Reordered);
        await AssertBrokenAsync(rows, 4, ChainBreakKind.Reordered);
    }

    [Fact]
    public async Task A_forged_row_with_a_plausible_hash_is_inserted_at_its_position()
    {
        var (slipped, past) = (await TenAsync(), await TenAsync());
        var chain = await ChainAsync(slipped);
        await TamperAsync(slipped, ShiftUpFrom5 + "UPDATE dx_chain_heads SET position = position + 1 WHERE tenant_id = $1;");
        await ForgeAsync(slipped, 5, chain[3].Hash!);
        await ForgeAsync(past, 11, (await ChainAsync(past))[9].Hash!);

        await AssertBrokenAsync(slipped, 5, ChainBreakKind.Inserted);
        await AssertBrokenAsync(past, 11, ChainBreakKind.Inserted);
    }

    /// <summary>A row a forger builds with the published encoding, hashed after the real previous hash.</summary>
    private async Task ForgeAsync(string tenant, long position, byte[] previous)
    {
        var forged = new ChainRecord(position, 1_000_000 + position, "forged", 1, Guid.NewGuid(), "Happened",
            new DateTimeOffset(2025, 10, 1, 0, 0, 0, TimeSpan.Zero), """{"n":1000}""", """{"actor":"dba"}""", null);
        var hash = ChainEncoding.Hash(previous, tenant, position, forged);
        Assert.True(ChainVerifier.Fits(tenant, previous, position, forged with { Hash = hash }), "the forged hash is plausible");
        await TamperAsync(tenant, """
            INSERT INTO dx_events (tenant_id, seq, stream_id, version, event_id, event_type, data, metadata, recorded_at, chain_pos, hash)
            OVERRIDING SYSTEM VALUE VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8::jsonb, $9, $10, $11)
            """, forged.Sequence, forged.StreamId, forged.Version, forged.EventId, forged.EventType, forged.Data, forged.Metadata,
            forged.RecordedAt, position, hash);
    }

    private async Task AssertBrokenAsync(string tenant, long position, ChainBreakKind kind)
    {
        var verification = await _store.VerifyChainAsync(tenant);
        Assert.False(verification.Ok);
        Assert.Equal((position, kind), (verification.Break!.Position, verification.Break.Kind));
        Assert.Equal(position - 1, verification.Count);
    }

    /// <summary>A tenant with ten events, each in its own append, with distinct payloads.</summary>
    private async Task<string> TenAsync()
    {
        var tenant = Make.Tenant();
        for (var i = 1; i <= 10; i++)
            await _store.AppendAsync(tenant, Make.Stream($"s/{i % 3}/{i}", ExpectedVersion.NoStream, Make.Event(n: i, actor: $"clerk {i}")));
        Assert.True((await _store.VerifyChainAsync(tenant)).Ok);
        return tenant;
    }

    private async Task<List<ChainRecord>> ChainAsync(string tenant)
    {
        var records = new List<ChainRecord>();
        await foreach (var r in _store.ReadChainAsync(tenant, long.MaxValue))
            records.Add(r);
        return records;
    }

    private async Task TamperAsync(string tenant, string sql, params object[] more)
    {
        await using var admin = new NpgsqlConnection(db.AdminConnectionString ?? throw new InvalidOperationException("Set DXEVENTS_DB_ADMIN (./ops/test does)."));
        await admin.OpenAsync();
        await using var batch = new NpgsqlBatch(admin);
        foreach (var statement in sql.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var command = new NpgsqlBatchCommand(statement);
            command.Parameters.Add(new() { Value = tenant });
            foreach (var value in more)
                command.Parameters.Add(new() { Value = value });
            batch.BatchCommands.Add(command);
        }
        await batch.ExecuteNonQueryAsync();
    }
}
