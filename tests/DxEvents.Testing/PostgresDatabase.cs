using DxEvents.Api.EventStore;
using JasperFx;
using Marten;
using Npgsql;

namespace DxEvents.Testing;

/// <summary>
/// A fresh database per test class on the cluster named by DXEVENTS_DB (./ops/test starts one), dropped afterwards, so
/// tests never see each other's rows. Real PostgreSQL, never a mock. With DXEVENTS_OWNER_DB (./ops/test sets it) the
/// database is the schema owner's, who applies the schema (SchemaOwner), and the tests' stores and services run as the
/// restricted roles, as in production; without it the service's role applies the schema itself.
/// </summary>
public class PostgresDatabase : IAsyncLifetime
{
    public string ConnectionString { get; private set; } = "";
    /// <summary>The same database as the daemon's cross-tenant role (dxevents_daemon, set up by ./ops/db).</summary>
    public string DaemonConnectionString { get; private set; } = "";
    /// <summary>Raw SQL as the service's ordinary role: row-level security applies.</summary>
    public NpgsqlDataSource DataSource { get; private set; } = null!;
    public string Name { get; } = "dxt_" + Guid.NewGuid().ToString("N")[..16];

    public static string BaseConnectionString =>
        Environment.GetEnvironmentVariable("DXEVENTS_DB")
        ?? throw new InvalidOperationException("DXEVENTS_DB is not set: run the tests with ./ops/test, which starts a private PostgreSQL.");

    /// <summary>A superuser connection string, for tests that tamper with rows as a database administrator could.</summary>
    public string? AdminConnectionString =>
        Environment.GetEnvironmentVariable("DXEVENTS_DB_ADMIN") is { Length: > 0 } admin
            ? new NpgsqlConnectionStringBuilder(admin) { Database = Name }.ConnectionString
            : null;

    /// <summary>
    /// The superuser with triggers off for its session (<c>session_replication_role = replica</c>): an administrator who
    /// first gets the event table's append-only trigger out of the way, for tests that tamper with events.
    /// </summary>
    public string? TamperConnectionString =>
        AdminConnectionString is { } admin
            ? new NpgsqlConnectionStringBuilder(admin) { Options = "-c session_replication_role=replica" }.ConnectionString
            : null;

    /// <summary>The schema owner's connection string on the cluster (DXEVENTS_OWNER_DB), or null.</summary>
    public static string? BaseOwnerConnectionString =>
        Environment.GetEnvironmentVariable("DXEVENTS_OWNER_DB") is { Length: > 0 } owner ? owner : null;

    /// <summary>The schema owner on the database of <paramref name="connectionString"/>, or null without DXEVENTS_OWNER_DB.</summary>
    public static string? OwnerFor(string connectionString) =>
        BaseOwnerConnectionString is { } owner
            ? new NpgsqlConnectionStringBuilder(owner) { Database = new NpgsqlConnectionStringBuilder(connectionString).Database }.ConnectionString
            : null;

    /// <summary>The schema owner on this database (null without DXEVENTS_OWNER_DB).</summary>
    public string? OwnerConnectionString => OwnerFor(ConnectionString);

    private bool _applied;

    public virtual async Task InitializeAsync()
    {
        await using (var server = new NpgsqlConnection(BaseOwnerConnectionString ?? BaseConnectionString))
        {
            await server.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {Name}", server);
            await create.ExecuteNonQueryAsync();
        }
        ConnectionString = new NpgsqlConnectionStringBuilder(BaseConnectionString) { Database = Name, MaxPoolSize = 100 }.ConnectionString;
        DaemonConnectionString = StoreSetup.DaemonConnectionString(ConnectionString, null);
        DataSource = NpgsqlDataSource.Create(ConnectionString);
    }

    /// <summary>The service's Marten configuration on this database; the schema is applied before it is returned.</summary>
    public async Task<DocumentStore> OpenStoreAsync(bool daemonRole = false, Action<StoreOptions>? configure = null)
    {
        if (OwnerConnectionString is { } owner && !_applied)
        {
            await SchemaOwner.ApplyAsync(owner, ConnectionString, StoreSetup.DaemonRole(ConnectionString));
            _applied = true;
        }
        var store = DocumentStore.For(opts =>
        {
            StoreSetup.Configure(opts, daemonRole ? DaemonConnectionString : ConnectionString);
            opts.AutoCreateSchemaObjects = OwnerConnectionString is null ? AutoCreate.CreateOrUpdate : AutoCreate.None;
            configure?.Invoke(opts);
        });
        if (OwnerConnectionString is null)
            await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        return store;
    }

    public virtual async Task DisposeAsync()
    {
        await DataSource.DisposeAsync();
        NpgsqlConnection.ClearAllPools();
        // As the superuser when there is one: FORCE may only end the other roles' sessions (the daemon's, a tampering
        // test's) for a superuser, and a database left behind would pile up run after run.
        var admin = Environment.GetEnvironmentVariable("DXEVENTS_DB_ADMIN") is { Length: > 0 } a
            ? new NpgsqlConnectionStringBuilder(a) { Database = "postgres", Pooling = false }.ConnectionString
            : BaseConnectionString;
        await using var server = new NpgsqlConnection(admin);
        await server.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {Name} WITH (FORCE)", server);
        await drop.ExecuteNonQueryAsync();
    }

    public async Task<T?> ScalarAsync<T>(string sql, params object[] parameters)
    {
        await using var command = DataSource.CreateCommand(sql);
        foreach (var p in parameters)
            command.Parameters.Add(new() { Value = p });
        var value = await command.ExecuteScalarAsync();
        return value is DBNull or null ? default : (T)value;
    }

    public async Task ExecuteAsync(string sql)
    {
        await using var command = DataSource.CreateCommand(sql);
        await command.ExecuteNonQueryAsync();
    }
}
