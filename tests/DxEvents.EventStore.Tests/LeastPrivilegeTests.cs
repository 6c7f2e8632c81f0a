using DxEvents.Api.EventStore;
using DxEvents.Api.Projections;
using DxEvents.EventStore.Tests.Support;
using Marten;
using Npgsql;
using static DxEvents.EventStore.Tests.Support.Plans;

namespace DxEvents.EventStore.Tests;

/// <summary>A database whose schema its owner applied (./ops/test sets DXEVENTS_OWNER_DB), with one municipality's events sealed.</summary>
public sealed class OwnedDatabase : IAsyncLifetime
{
    public PostgresDatabase Db { get; } = new();
    public DocumentStore Store { get; private set; } = null!;
    public string Tenant { get; } = Plans.Tenant();

    public async Task InitializeAsync()
    {
        await Db.InitializeAsync();
        Store = await Db.OpenStoreAsync();
        await SeedAsync(Store, Tenant);
        await AppendAsync(Store, Tenant, KpiStream("k1"), Measured("k1", 1, 10));
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
/// Issue 16, item 6: the roles the service runs as own nothing and may do only what they need. On main the service's
/// role owned the schema: it could switch row-level security off, change the schema, and update events and the chain.
/// </summary>
public sealed class LeastPrivilegeTests(OwnedDatabase data) : IClassFixture<OwnedDatabase>
{
    public static readonly TheoryData<string> Refused = new()
    {
        "ALTER TABLE dxevents.mt_events NO FORCE ROW LEVEL SECURITY",
        "ALTER TABLE dxevents.mt_doc_kpifigure DISABLE ROW LEVEL SECURITY",
        "DROP POLICY dx_tenant_isolation ON dxevents.mt_events",
        "ALTER TABLE dxevents.mt_events DISABLE TRIGGER dx_events_append_only",
        "CREATE TABLE dxevents.dx_forged (id int)",
        "CREATE TABLE public.dx_forged (id int)",
        "UPDATE dxevents.mt_events SET is_archived = true WHERE tenant_id = $1",
        "DELETE FROM dxevents.mt_events WHERE tenant_id = $1",
        "UPDATE dxevents.dx_chain SET hash = sha256(hash) WHERE tenant_id = $1",
        "INSERT INTO dxevents.dx_chain_heads (tenant_id, position, seq_id, hash) VALUES ($1 || '-forged', 99, 99, '\\x00')",
        "DELETE FROM dxevents.dx_chain WHERE tenant_id = $1",
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public async Task The_services_role_may_not(string sql) =>
        await AssertRefusedAsync(data.Db.ConnectionString, sql);

    [Theory]
    [MemberData(nameof(Refused))]
    public async Task The_daemons_role_may_not_either_except_write_the_chain(string sql)
    {
        if (sql.Contains("dx_chain", StringComparison.Ordinal))
        {
            await using var daemon = await OpenAsync(data.Db.DaemonConnectionString);
            await using var tx = await daemon.BeginTransactionAsync();
            Assert.True(await Sql.ExecuteAsync(daemon, sql, data.Tenant) >= 0);
            await tx.RollbackAsync();
            return;
        }
        await AssertRefusedAsync(data.Db.DaemonConnectionString, sql);
    }

    [Fact]
    public async Task Neither_role_owns_the_database_or_anything_in_it_and_every_table_with_a_municipality_has_row_level_security()
    {
        await using var admin = await Sql.AdminAsync(data.Db);
        var owned = await Sql.RowsAsync(admin, """
            SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = 'dxevents' AND pg_get_userbyid(c.relowner) IN ('dxevents', 'dxevents_daemon')
            UNION ALL SELECT 'database ' || datname FROM pg_database
            WHERE datname = current_database() AND pg_get_userbyid(datdba) IN ('dxevents', 'dxevents_daemon')
            """);
        Assert.Equal([], owned.Select(r => $"{r[0]}").ToArray());
        var unguarded = await Sql.RowsAsync(admin, """
            SELECT c.table_name FROM information_schema.columns c JOIN pg_class k ON k.relname = c.table_name
            JOIN pg_namespace n ON n.oid = k.relnamespace AND n.nspname = c.table_schema
            WHERE c.table_schema = 'dxevents' AND c.column_name = 'tenant_id' AND k.relkind = 'r' AND NOT k.relrowsecurity
            """);
        Assert.Equal([], unguarded.Select(r => $"{r[0]}").ToArray());
        var attributes = await Sql.RowsAsync(admin, """
            SELECT rolname FROM pg_roles WHERE rolname IN ('dxevents', 'dxevents_daemon')
            AND (rolsuper OR rolbypassrls OR rolcreatedb OR rolcreaterole)
            """);
        Assert.Equal([], attributes.Select(r => $"{r[0]}").ToArray());
    }

    [Fact]
    public async Task The_sign_in_tables_are_the_owners_the_service_uses_them_and_a_municipalitys_rows_stay_its_own()
    {
        string[] tables = ["mt_doc_persongrant", "mt_doc_websession", Api.Auth.PostgresXmlRepository.TableName];
        await using var admin = await Sql.AdminAsync(data.Db);
        var found = await Sql.RowsAsync(admin, $$"""
            SELECT c.relname, pg_get_userbyid(c.relowner), c.relrowsecurity,
                   has_table_privilege('dxevents', c.oid, 'SELECT') AND has_table_privilege('dxevents', c.oid, 'INSERT')
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = 'dxevents' AND c.relname IN ('{{string.Join("', '", tables)}}') ORDER BY c.relname
            """);
        // The key ring seals every municipality's cookies and is read before a request's municipality is known: no tenant.
        Assert.Equal(
            [$"{Api.Auth.PostgresXmlRepository.TableName} dxevents_owner False True", "mt_doc_persongrant dxevents_owner True True",
                "mt_doc_websession dxevents_owner True True"],
            found.Select(r => $"{r[0]} {r[1]} {r[2]} {r[3]}"));

        var (mine, other) = (data.Tenant, Plans.Tenant());
        await using (var session = data.Store.LightweightSession(other))
        {
            session.Store(new Api.Auth.WebSession($"{other}.s1", "key:k1", DateTimeOffset.UtcNow.AddHours(1), "ticket"));
            await session.SaveChangesAsync();
        }
        // As the service's role with its session set to this municipality, and no WHERE of Marten's: only the policy filters.
        await using var service = await OpenAsync(data.Db.ConnectionString);
        await using var tx = await service.BeginTransactionAsync();
        await Sql.ExecuteAsync(service, $"SELECT set_config('{StoreSetup.TenantSetting}', $1, true)", mine);
        Assert.Equal(0L, (await Sql.RowsAsync(service, "SELECT count(*) FROM dxevents.mt_doc_websession"))[0][0]);
    }

    [Fact]
    public async Task The_service_still_appends_and_reads_and_the_daemon_seals()
    {
        await AppendAsync(data.Store, data.Tenant, KpiStream("k1"), Measured("k1", 2, 20));
        await using var daemon = await Daemon.StartAsync(data.Db);
        await daemon.CaughtUpAsync();
        var check = await new Api.Integrity.ChainReads(data.Store).VerifyAsync(data.Tenant);
        Assert.True(check.Verification.Ok, check.Verification.Break?.Detail);
        Assert.Equal((0L, check.Head.Position), (check.Unsealed, check.Verification.Count));
    }

    private async Task AssertRefusedAsync(string connectionString, string sql)
    {
        await using var connection = await OpenAsync(connectionString);
        await using var tx = await connection.BeginTransactionAsync();
        await Sql.ExecuteAsync(connection, $"SELECT set_config('{StoreSetup.TenantSetting}', $1, true)", data.Tenant);
        var refused = await Assert.ThrowsAsync<PostgresException>(() =>
            Sql.ExecuteAsync(connection, sql, sql.Contains("$1", StringComparison.Ordinal) ? new object[] { data.Tenant } : Array.Empty<object>()));
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, refused.SqlState);
    }

    private static async Task<NpgsqlConnection> OpenAsync(string connectionString)
    {
        var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        return connection;
    }
}
