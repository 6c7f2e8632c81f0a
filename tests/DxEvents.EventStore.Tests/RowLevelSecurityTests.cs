using DxEvents.Api.Auth;
using DxEvents.Api.EventStore;
using DxEvents.Api.Projections;
using DxEvents.EventStore.Tests.Support;
using Npgsql;
using static DxEvents.EventStore.Tests.Support.Plans;

namespace DxEvents.EventStore.Tests;

/// <summary>Two municipalities with a row in every tenant table: events, streams, chain, and every document type.</summary>
public sealed class TwoMunicipalities : IAsyncLifetime
{
    public PostgresDatabase Db { get; } = new();
    public string Mima { get; } = Tenant();
    public string Naruto { get; } = Tenant();

    public async Task InitializeAsync()
    {
        await Db.InitializeAsync();
        using var store = await Db.OpenStoreAsync();
        await SeedAsync(store, Mima, kpis: 2);
        await SeedAsync(store, Naruto, kpis: 1);
        await AppendAsync(store, Mima, KpiStream("k1"), Measured("k1", 1, 10), Measured("k1", 2, 20));
        await AppendAsync(store, Mima, KpiStream("k2"), Measured("k2", 1, 30));
        await AppendAsync(store, Naruto, KpiStream("k1"), Measured("k1", 1, 5));
        foreach (var tenant in new[] { Mima, Naruto })
        {
            await using (var session = store.LightweightSession(tenant))
            {
                session.Insert(new IdempotencyRecord { Key = "key-1", RequestHash = tenant });
                await session.SaveChangesAsync();
            }
            await new ApiKeys(store).CreateAsync(tenant, Roles.Recorder, "窓口係");
            await new PeopleAccess(store, TimeProvider.System).GrantAsync(tenant, "sub-1", "美馬 花子", null, Roles.Office, "cli:setup");
            await using (var session = store.LightweightSession(tenant))
            {
                session.Store(new WebSession($"{tenant}.s1", WebSessions.PersonHolder("sub-1"), DateTimeOffset.UtcNow.AddHours(1), "ticket"));
                await session.SaveChangesAsync();
            }
        }
        // The daemon writes the chain and the KPI figures of both.
        await using var daemon = await Daemon.StartAsync(Db);
        await daemon.CaughtUpAsync();
    }

    public Task DisposeAsync() => Db.DisposeAsync();
}

/// <summary>
/// Row-level security below the application. Raw SQL as the service's own role, the query a forgetful
/// developer would write (no tenant filter), sees only the municipality the connection is set to; the daemon's role
/// opts in to all of them.
/// </summary>
public sealed class RowLevelSecurityTests(TwoMunicipalities data) : IClassFixture<TwoMunicipalities>
{
    private static readonly string[] EventTables = ["mt_events", "mt_streams", "dx_chain", "dx_chain_heads"];
    private static readonly string[] DocumentTables = ["mt_doc_planpart", "mt_doc_measurepart", "mt_doc_kpipart", "mt_doc_kpifigure", "mt_doc_idempotencyrecord",
        "mt_doc_apikey", "mt_doc_persongrant", "mt_doc_websession"];

    // Hand-counted from the fixture: mima has 4 seeded + 3 figures + the key's creation and the grant, naruto 3 seeded + 1
    // + the same two; streams: the seeded ones and the access stream; one head each; the plan view's parts: one plan and one
    // measure each, KPIs mima 2, naruto 1; one idempotency record, API key, grant and page session each; KPI figures:
    // mima 3 quarters, naruto 1.
    private static readonly long[] MimaRows = [9, 5, 9, 1, 1, 1, 2, 3, 1, 1, 1, 1];
    private static readonly long[] NarutoRows = [6, 4, 6, 1, 1, 1, 1, 1, 1, 1, 1, 1];

    [Fact]
    public async Task Without_the_municipality_set_the_service_role_sees_no_event_or_chain_row_and_no_document()
    {
        await using var connection = await OpenAsync(data.Db.ConnectionString);
        foreach (var table in EventTables)
            Assert.Equal(0L, await CountAsync(connection, table));
        // Marten's document policy reads the setting without missing_ok: on a session that never set it, the query
        // fails instead of returning rows. Once defined and empty, as Marten leaves a pooled connection, it sees none.
        foreach (var table in DocumentTables)
        {
            var error = await Assert.ThrowsAsync<PostgresException>(() => CountAsync(connection, table));
            Assert.Equal(PostgresErrorCodes.UndefinedObject, error.SqlState);
        }
        await Sql.ExecuteAsync(connection, $"SELECT set_config('{StoreSetup.TenantSetting}', '', false)");
        foreach (var table in EventTables.Concat(DocumentTables))
            Assert.Equal(0L, await CountAsync(connection, table));
    }

    [Fact]
    public async Task Set_to_one_municipality_the_service_role_sees_exactly_its_rows_in_every_table()
    {
        Assert.Equal(MimaRows, await CountsAsync(data.Mima));
        Assert.Equal(NarutoRows, await CountsAsync(data.Naruto));
        Assert.Equal(new long[12], await CountsAsync(data.Naruto, whereTenant: data.Mima));
        Assert.Equal(new long[12], await CountsAsync(data.Mima, whereTenant: data.Naruto));
    }

    [Fact]
    public async Task Set_to_one_municipality_the_service_role_cannot_write_another_municipalitys_rows()
    {
        await using var connection = await OpenAsync(data.Db.ConnectionString, data.Mima);
        string[] inserts =
        [
            "INSERT INTO dxevents.mt_events (seq_id, id, stream_id, version, data, type, timestamp, tenant_id) VALUES (-1, gen_random_uuid(), 'plan/x', 1, '{}', 'KpiMeasured', now(), $1)",
            "INSERT INTO dxevents.mt_streams (id, type, version, timestamp, created, tenant_id) VALUES ('plan/x', 'x', 1, now(), now(), $1)",
            "INSERT INTO dxevents.dx_chain (tenant_id, position, seq_id, hash) VALUES ($1, 99, -1, '\\x00')",
            "INSERT INTO dxevents.mt_doc_kpifigure (tenant_id, id, data) VALUES ($1, 'forged', '{}')",
        ];
        foreach (var insert in inserts)
        {
            var error = await Assert.ThrowsAsync<PostgresException>(() => Sql.ExecuteAsync(connection, insert, data.Naruto));
            Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, error.SqlState);
        }
        // Events are never updated at all (LeastPrivilegeTests); the stream table, which the service updates, hides them too.
        Assert.Equal(0, await Sql.ExecuteAsync(connection, "UPDATE dxevents.mt_streams SET version = version WHERE tenant_id = $1", data.Naruto));
        Assert.Equal(0, await Sql.ExecuteAsync(connection, "DELETE FROM dxevents.mt_doc_kpifigure WHERE tenant_id = $1", data.Naruto));
        Assert.Equal(NarutoRows, await CountsAsync(data.Naruto));
    }

    [Fact]
    public async Task The_daemon_role_opts_in_to_every_municipality_and_the_service_role_cannot_bypass_policies()
    {
        await using var daemon = await OpenAsync(data.Db.DaemonConnectionString);
        var all = MimaRows.Zip(NarutoRows, (a, b) => a + b).ToArray();
        foreach (var (table, i) in EventTables.Select((t, i) => (t, i)))
            Assert.Equal(all[i], await CountAsync(daemon, table));
        // The cross-tenant policy is granted to the role, so it holds whatever the setting says, documents included.
        Assert.Equal(all, await CountAllAsync(daemon));
        await Sql.ExecuteAsync(daemon, $"SELECT set_config('{StoreSetup.TenantSetting}', '', false)");
        Assert.Equal(all, await CountAllAsync(daemon));

        // The service's role has no setting that opens the other municipalities: the old opt-in setting does nothing.
        await using (var setting = await OpenAsync(data.Db.ConnectionString, data.Mima))
        {
            await Sql.ExecuteAsync(setting, "SELECT set_config('dxevents.scope', 'all', false)");
            Assert.Equal(MimaRows, await CountAllAsync(setting));
        }

        await using var service = await OpenAsync(data.Db.ConnectionString);
        Assert.False(await Sql.ScalarAsync<bool>(service, "SELECT rolsuper OR rolbypassrls FROM pg_roles WHERE rolname = current_user"));
        Assert.Equal(0L, await Sql.ScalarAsync<long>(service, """
            SELECT count(*) FROM pg_class WHERE relname = ANY($1) AND relnamespace = 'dxevents'::regnamespace
            AND NOT (relrowsecurity AND relforcerowsecurity)
            """, (object)EventTables.Concat(DocumentTables).ToArray()));
    }

    [Fact]
    public async Task A_pooled_connection_never_carries_one_municipalitys_setting_to_its_next_user()
    {
        // One connection in the pool: every user below gets the same server session.
        using var store = await data.Db.OpenStoreAsync(configure: o => o.Connection(StoreSetup.WithAutoPrepare(
            new NpgsqlConnectionStringBuilder(data.Db.ConnectionString) { MaxPoolSize = 1 }.ConnectionString)));
        int backend;
        await using (var mima = store.LightweightSession(data.Mima))
        {
            backend = await Sql.ScalarAsync<int>(mima.Connection!, "SELECT pg_backend_pid()");
            Assert.Equal(MimaRows[0], await CountAsync(mima.Connection!, "mt_events"));
        }

        // Code outside Marten on the same pool (a migration, a health check) finds no municipality set.
        await using (var bare = store.Storage.Database.CreateConnection())
        {
            await bare.OpenAsync();
            Assert.Equal(backend, await Sql.ScalarAsync<int>(bare, "SELECT pg_backend_pid()"));
            Assert.Equal("", await Sql.ScalarAsync<string>(bare, $"SELECT coalesce(current_setting('{StoreSetup.TenantSetting}', true), '')"));
            Assert.Equal(0L, await CountAsync(bare, "mt_events"));
        }
        await using var naruto = store.LightweightSession(data.Naruto);
        Assert.Equal(backend, await Sql.ScalarAsync<int>(naruto.Connection!, "SELECT pg_backend_pid()"));
        Assert.Equal(NarutoRows[0], await CountAsync(naruto.Connection!, "mt_events"));
    }

    private async Task<long[]> CountsAsync(string tenant, string? whereTenant = null)
    {
        await using var connection = await OpenAsync(data.Db.ConnectionString, tenant);
        var counts = new List<long>();
        foreach (var table in EventTables.Concat(DocumentTables))
            counts.Add(whereTenant is null
                ? await CountAsync(connection, table)
                : await Sql.ScalarAsync<long>(connection, $"SELECT count(*) FROM dxevents.{table} WHERE tenant_id = $1", whereTenant));
        return [.. counts];
    }

    private static async Task<long[]> CountAllAsync(NpgsqlConnection connection)
    {
        var counts = new List<long>();
        foreach (var table in EventTables.Concat(DocumentTables))
            counts.Add(await CountAsync(connection, table));
        return [.. counts];
    }

    // Deliberately no tenant filter.
    private static Task<long> CountAsync(NpgsqlConnection connection, string table) =>
        Sql.ScalarAsync<long>(connection, $"SELECT count(*) FROM dxevents.{table}");

    /// <summary>A new session (no pool), so that no setting is left over from an earlier user of the connection.</summary>
    private static async Task<NpgsqlConnection> OpenAsync(string connectionString, string? tenant = null)
    {
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        if (tenant is not null)
            await Sql.ExecuteAsync(connection, $"SELECT set_config('{StoreSetup.TenantSetting}', $1, false)", tenant);
        return connection;
    }
}
