using DxEvents.Api.Integrity;
using DxEvents.Api.Projections;
using DxEvents.EventStore.Tests.Support;
using DxEvents.Integrity;
using Marten;
using static DxEvents.EventStore.Tests.Support.Plans;

namespace DxEvents.EventStore.Tests;

/// <summary>
/// Municipalities whose fourteen events (four seeded, ten figures, each its own append) the daemon has sealed, then
/// stopped: positions 1–4 are the seed, 5–14 the figures k1/k2 Q1… with values 10, 20, … 100.
/// </summary>
public sealed class SealedMunicipalities : IAsyncLifetime
{
    public const int Events = 14;
    public PostgresDatabase Db { get; } = new();
    public DocumentStore Store { get; private set; } = null!;
    public Dictionary<string, string> Tenants { get; } = new[] { "altered", "missing", "reordered", "inserted", "slipped", "unsealed", "append-only", "archived", "stream-archived" }
        .ToDictionary(name => name, _ => Tenant());

    /// <summary>A sequence number that was handed out and never used, below the sealer's progress: where a forger slips a row in.</summary>
    public long FreeSequence { get; private set; }

    public async Task InitializeAsync()
    {
        await Db.InitializeAsync();
        Store = await Db.OpenStoreAsync();
        foreach (var tenant in Tenants.Values)
        {
            await SeedAsync(Store, tenant);
            for (var i = 1; i <= 10; i++)
            {
                await AppendAsync(Store, tenant, KpiStream($"k{(i % 2) + 1}"), Measured($"k{(i % 2) + 1}", ((i - 1) % 4) + 1, 10 * i));
                if (tenant == Tenants["inserted"] && i == 5)
                {
                    await using var admin = await Sql.AdminAsync(Db);
                    FreeSequence = await Sql.ScalarAsync<long>(admin, "SELECT nextval('dxevents.mt_events_sequence')");
                }
            }
        }
        await using var daemon = await Daemon.StartAsync(Db);
        await daemon.CaughtUpAsync();
    }

    public async Task DisposeAsync()
    {
        Store.Dispose();
        await Db.DisposeAsync();
    }
}

/// <summary>
/// Tamper-evident history (docs/chain.md): a database administrator edits rows after sealing (superuser: no row-level security, no Marten) and
/// ChainReads.VerifyAsync names the first broken position and what broke; events not sealed yet are no break.
/// </summary>
public sealed class TamperTests(SealedMunicipalities data) : IClassFixture<SealedMunicipalities>
{
    private readonly ChainReads _chain = new(data.Store);

    [Fact]
    public async Task Changing_an_events_data_is_altered_at_its_position()
    {
        var tenant = data.Tenants["altered"];
        await TamperAsync(tenant, "UPDATE dxevents.mt_events SET data = jsonb_set(data, '{value}', '31') WHERE seq_id = (SELECT seq_id FROM dxevents.dx_chain WHERE tenant_id = $1 AND position = 7)");
        await AssertBrokenAsync(tenant, 7, ChainBreakKind.Altered);
    }

    [Fact]
    public async Task Deleting_an_event_is_missing_at_its_position()
    {
        var tenant = data.Tenants["missing"];
        await TamperAsync(tenant, "DELETE FROM dxevents.mt_events WHERE seq_id = (SELECT seq_id FROM dxevents.dx_chain WHERE tenant_id = $1 AND position = 9)");
        await AssertBrokenAsync(tenant, 9, ChainBreakKind.Missing);
    }

    [Fact]
    public async Task Swapping_two_events_data_is_reordered_at_the_first()
    {
        var tenant = data.Tenants["reordered"];
        await TamperAsync(tenant, """
            UPDATE dxevents.mt_events e SET data = o.data
            FROM dxevents.dx_chain ce, dxevents.dx_chain co, dxevents.mt_events o
            WHERE ce.tenant_id = $1 AND co.tenant_id = $1 AND ce.seq_id = e.seq_id AND co.seq_id = o.seq_id
              AND (ce.position, co.position) IN ((6, 12), (12, 6))
            """);
        await AssertBrokenAsync(tenant, 6, ChainBreakKind.Reordered);
    }

    [Fact]
    public async Task A_forged_event_without_a_link_below_the_sealers_progress_is_inserted_after_the_last_link()
    {
        var tenant = data.Tenants["inserted"];
        await TamperAsync(tenant, """
            INSERT INTO dxevents.mt_events (seq_id, id, stream_id, version, data, type, timestamp, tenant_id, user_name)
            VALUES ($2, gen_random_uuid(), 'plan/mima-dx/kpi/k1', 99, '{"value": 1000}', 'KpiMeasured', now(), $1, 'dba')
            """, data.FreeSequence);
        // Unlinked events come after the chain's last position: the first break is one past it, and names the forgery.
        var check = await AssertBrokenAsync(tenant, SealedMunicipalities.Events + 1, ChainBreakKind.Inserted);
        Assert.Equal(data.FreeSequence, check.Verification.Break!.Sequence);
    }

    [Fact]
    public async Task A_forged_event_with_a_plausible_link_and_the_later_links_moved_up_is_inserted_at_its_position()
    {
        var tenant = data.Tenants["slipped"];
        await TamperAsync(tenant, """
            UPDATE dxevents.dx_chain SET position = -position WHERE tenant_id = $1 AND position >= 10;
            UPDATE dxevents.dx_chain SET position = -position + 1 WHERE tenant_id = $1 AND position < 0;
            UPDATE dxevents.dx_chain_heads SET position = position + 1 WHERE tenant_id = $1;
            INSERT INTO dxevents.mt_events (seq_id, id, stream_id, version, data, type, timestamp, tenant_id, user_name)
            VALUES (1000000, gen_random_uuid(), 'plan/mima-dx/kpi/k1', 99, '{"value": 1000}', 'KpiMeasured', now(), $1, 'dba');
            INSERT INTO dxevents.dx_chain (tenant_id, position, seq_id, hash) VALUES ($1, 10, 1000000, '\x00');
            """);
        // The forger knows the published encoding: the link's hash is the real one after position 9.
        var chain = await ChainAsync(tenant);
        var forged = chain[9] with { Hash = ChainEncoding.Hash(chain[8].Hash, tenant, 10, chain[9]) };
        Assert.True(ChainVerifier.Fits(tenant, chain[8].Hash, 10, forged), "the forged link is plausible");
        await TamperAsync(tenant, "UPDATE dxevents.dx_chain SET hash = $2 WHERE tenant_id = $1 AND position = 10", forged.Hash!);

        await AssertBrokenAsync(tenant, 10, ChainBreakKind.Inserted);
    }

    /// <summary>Issue 16, item 4: the event table is append-only in the database, for a superuser and for the service's
    /// own role in its own municipality alike; on main each of these statements changed or removed sealed events.</summary>
    [Theory]
    [InlineData("UPDATE dxevents.mt_events SET is_archived = true WHERE tenant_id = $1")]
    [InlineData("UPDATE dxevents.mt_events SET mt_dotnet_type = 'x', tenant_id = 'elsewhere' WHERE tenant_id = $1")]
    [InlineData("UPDATE dxevents.mt_events SET data = jsonb_set(data, '{value}', '31') WHERE tenant_id = $1")]
    [InlineData("DELETE FROM dxevents.mt_events WHERE tenant_id = $1")]
    [InlineData("TRUNCATE dxevents.mt_events CASCADE")]
    public async Task The_event_table_refuses_every_change_and_removal_even_from_a_superuser(string sql)
    {
        var tenant = data.Tenants["append-only"];
        await using (var admin = await Sql.AdminAsync(data.Db))
        {
            // Rolled back in any case, so that a table that took the change (on main) leaves the other tests their data.
            await using var tx = await admin.BeginTransactionAsync();
            var refused = await Assert.ThrowsAsync<Npgsql.PostgresException>(() => Sql.ExecuteAsync(admin, sql, sql.Contains("$1", StringComparison.Ordinal) ? new object[] { tenant } : Array.Empty<object>()));
            Assert.Equal(Npgsql.PostgresErrorCodes.RestrictViolation, refused.SqlState);
            Assert.Contains("append-only", refused.MessageText, StringComparison.Ordinal);
        }
        if (sql.Contains("$1", StringComparison.Ordinal))
        {
            await using var service = await data.Db.DataSource.OpenConnectionAsync();
            await using var tx = await service.BeginTransactionAsync();
            await Sql.ExecuteAsync(service, $"SELECT set_config('{DxEvents.Api.EventStore.StoreSetup.TenantSetting}', $1, true)", tenant);
            await Assert.ThrowsAsync<Npgsql.PostgresException>(() => Sql.ExecuteAsync(service, sql, tenant));
        }

        var check = await _chain.VerifyAsync(tenant);
        Assert.True(check.Verification.Ok, check.Verification.Break?.Detail);
        Assert.Equal(SealedMunicipalities.Events, check.Verification.Count);
    }

    /// <summary>Issue 16, item 4: is_archived is outside dxevents-chain/2, and an archived event vanishes from its stream's
    /// history; on main /audit/verify still answered ok. An administrator who switched the trigger off is named.</summary>
    [Fact]
    public async Task Archiving_a_sealed_event_behind_the_triggers_back_is_altered_at_its_position_and_named()
    {
        var tenant = data.Tenants["archived"];
        var sequence = await SequenceAtAsync(tenant, 8);
        await TamperAsync(tenant, "UPDATE dxevents.mt_events SET is_archived = true WHERE seq_id = (SELECT seq_id FROM dxevents.dx_chain WHERE tenant_id = $1 AND position = 8)");

        await using (var session = data.Store.LightweightSession(tenant))
            Assert.DoesNotContain((await session.Events.FetchStreamAsync(KpiStream("k1"))), e => e.Sequence == sequence);
        var check = await _chain.VerifyAsync(tenant);
        Assert.Equal((8L, ChainBreakKind.Altered, (long?)sequence), (check.Verification.Break?.Position, check.Verification.Break?.Kind, check.Verification.Break?.Sequence));
        Assert.Contains("mt_events.is_archived", check.Verification.Break!.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Archiving_a_stream_is_altered_at_its_first_sealed_event_and_named()
    {
        var tenant = data.Tenants["stream-archived"];
        await TamperAsync(tenant, $"UPDATE dxevents.mt_streams SET is_archived = true WHERE tenant_id = $1 AND id = '{KpiStream("k2")}'");
        await using var admin = await Sql.AdminAsync(data.Db);
        var first = await Sql.ScalarAsync<long>(admin, $"""
            SELECT min(c.position) FROM dxevents.dx_chain c JOIN dxevents.mt_events e ON e.seq_id = c.seq_id
            WHERE c.tenant_id = $1 AND e.stream_id = '{KpiStream("k2")}'
            """, tenant);

        var check = await _chain.VerifyAsync(tenant);
        Assert.Equal((first, ChainBreakKind.Altered), (check.Verification.Break?.Position, check.Verification.Break?.Kind));
        Assert.Contains("mt_streams.is_archived", check.Verification.Break!.Detail, StringComparison.Ordinal);
    }

    private async Task<long> SequenceAtAsync(string tenant, long position)
    {
        await using var admin = await Sql.AdminAsync(data.Db);
        return await Sql.ScalarAsync<long>(admin, "SELECT seq_id FROM dxevents.dx_chain WHERE tenant_id = $1 AND position = $2", tenant, position);
    }

    [Fact]
    public async Task Events_committed_after_the_sealer_stopped_are_unsealed_not_a_break()
    {
        var tenant = data.Tenants["unsealed"];
        await AppendAsync(data.Store, tenant, KpiStream("k1"), Measured("k1", 1, 11));
        await AppendAsync(data.Store, tenant, KpiStream("k2"), Measured("k2", 2, 22), Measured("k2", 3, 33));

        var check = await _chain.VerifyAsync(tenant);

        Assert.True(check.Verification.Ok, check.Verification.Break?.Detail);
        Assert.Equal((14L, 14L, 3L), (check.Verification.Count, check.Head.Position, check.Unsealed));
        Assert.Equal(check.Head, check.Verification.Verified);
    }

    private async Task<ChainCheck> AssertBrokenAsync(string tenant, long position, ChainBreakKind kind)
    {
        var check = await _chain.VerifyAsync(tenant);
        Assert.False(check.Verification.Ok);
        Assert.Equal((position, kind), (check.Verification.Break!.Position, check.Verification.Break.Kind));
        Assert.Equal(position - 1, check.Verification.Count);
        Assert.Equal(0, check.Unsealed);
        return check;
    }

    private async Task<List<ChainRecord>> ChainAsync(string tenant)
    {
        var records = new List<ChainRecord>();
        await foreach (var record in _chain.ReadChainAsync(tenant, long.MaxValue))
            records.Add(record);
        return records;
    }

    private async Task TamperAsync(string tenant, string sql, params object[] more)
    {
        await using var admin = await Sql.TamperAsync(data.Db);
        await using var batch = new Npgsql.NpgsqlBatch(admin);
        foreach (var statement in sql.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var command = new Npgsql.NpgsqlBatchCommand(statement);
            foreach (var value in more.Prepend(tenant).Take(statement.Contains("$2", StringComparison.Ordinal) ? 2 : 1))
                command.Parameters.Add(new() { Value = value });
            batch.BatchCommands.Add(command);
        }
        await batch.ExecuteNonQueryAsync();
    }
}
