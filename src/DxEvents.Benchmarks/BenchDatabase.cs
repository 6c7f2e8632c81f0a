using DxEvents.Api.EventStore;
using JasperFx;
using Marten;
using Npgsql;

namespace DxEvents.Benchmarks;

/// <summary>
/// A throwaway database on the cluster named by DXEVENTS_DB, created for one run and dropped after it, so runs never
/// touch real data. The stores are the service's Marten configuration (StoreSetup) on it: the request path's, as the
/// ordinary role, and the daemon's, as the cross-tenant role.
/// </summary>
internal sealed class BenchDatabase : IAsyncDisposable
{
    private readonly string _server;
    private readonly List<IDocumentStore> _stores = [];
    private readonly bool _reused;

    public string Name { get; }
    public string ConnectionString { get; }

    /// <summary>DXEVENTS_DB as given, on this database: what a service process started on it connects with.</summary>
    public string ServiceConnectionString => new NpgsqlConnectionStringBuilder(_server) { Database = Name }.ConnectionString;
    public string DaemonConnectionString { get; }

    /// <summary>A superuser on the same database (DXEVENTS_DB_ADMIN), or null: only it may COPY into tables under row-level security.</summary>
    public string? AdminConnectionString { get; }

    /// <summary>Plain Npgsql as the service's role, for the floors and for reading what the stores wrote.</summary>
    public NpgsqlDataSource DataSource { get; }

    private BenchDatabase(string server, string name, bool reused = false)
    {
        (_server, Name, _reused) = (server, name, reused);
        ConnectionString = new NpgsqlConnectionStringBuilder(server) { Database = name, MaxPoolSize = 64 }.ConnectionString;
        DaemonConnectionString = StoreSetup.DaemonConnectionString(ConnectionString, null);
        AdminConnectionString = Environment.GetEnvironmentVariable("DXEVENTS_DB_ADMIN") is { Length: > 0 } admin
            ? new NpgsqlConnectionStringBuilder(admin) { Database = name }.ConnectionString
            : null;
        DataSource = NpgsqlDataSource.Create(ConnectionString);
    }

    /// <summary>A database kept by an earlier run (DXEVENTS_BENCH_KEEP=1), opened again and kept again afterwards.</summary>
    public bool Reused => _reused;

    public static BenchDatabase Reuse(string name) =>
        System.Text.RegularExpressions.Regex.IsMatch(name, "^dxbench_[0-9a-f]{12}$")
            ? new BenchDatabase(Server(), name, reused: true)
            : throw new ArgumentException($"'{name}' is not a benchmark database (dxbench_…).", nameof(name));

    private static string Server() => Environment.GetEnvironmentVariable("DXEVENTS_DB")
        ?? throw new InvalidOperationException("DXEVENTS_DB is not set: run through ./ops/bench.");

    public static async Task<BenchDatabase> CreateAsync()
    {
        var server = Server();
        var name = "dxbench_" + Guid.NewGuid().ToString("N")[..12];
        // Owned by the service's role, which applies the schema itself here (no DXEVENTS_OWNER_DB), as before the owner role
        // existed; that role may no longer create databases, so the superuser makes it when there is one.
        var admin = Environment.GetEnvironmentVariable("DXEVENTS_DB_ADMIN") is { Length: > 0 } a ? a : null;
        await using (var connection = new NpgsqlConnection(admin ?? server))
        {
            await connection.OpenAsync();
            var owner = new NpgsqlConnectionStringBuilder(server).Username;
            await using var create = new NpgsqlCommand(admin is null ? $"CREATE DATABASE {name}" : $"CREATE DATABASE {name} OWNER \"{owner}\"", connection);
            await create.ExecuteNonQueryAsync();
        }
        return new BenchDatabase(server, name);
    }

    /// <summary>The request path's store (schema applied), or the daemon's; <paramref name="tweak"/> is a configuration under trial.</summary>
    /// <param name="extraDatabases">Databases beside this one and the municipalities on them, as the service is given them.</param>
    public async Task<DocumentStore> OpenStoreAsync(bool daemon = false, Action<StoreOptions>? tweak = null, string? connectionString = null,
        IReadOnlyList<ExtraDatabase>? extraDatabases = null)
    {
        var store = DocumentStore.For(opts =>
        {
            StoreSetup.Configure(opts, connectionString ?? (daemon ? DaemonConnectionString : ConnectionString), extraDatabases: extraDatabases);
            opts.AutoCreateSchemaObjects = daemon ? AutoCreate.None : AutoCreate.CreateOrUpdate;
            // The benchmarks start the daemon themselves (BuildProjectionDaemonAsync); this only keeps Marten from
            // printing that the async projections will not run.
            opts.Projections.AsyncMode = JasperFx.Events.Daemon.DaemonMode.ExternallyManaged;
            tweak?.Invoke(opts);
        });
        if (store.Options.AutoCreateSchemaObjects != AutoCreate.None)
            await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        _stores.Add(store);
        return store;
    }

    public async Task ExecuteAsync(string sql)
    {
        await using var command = DataSource.CreateCommand(sql);
        command.CommandTimeout = 600;
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>As the daemon's role: it sees every municipality.</summary>
    public async Task<T> ScalarAsync<T>(string sql)
    {
        await using var connection = await CrossTenantAsync();
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 600 };
        return (T)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>Every row of <paramref name="sql"/>, as the daemon's role.</summary>
    public async Task<List<T>> RowsAsync<T>(string sql, Func<NpgsqlDataReader, T> row)
    {
        await using var connection = await CrossTenantAsync();
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 600 };
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<T>();
        while (await reader.ReadAsync())
            rows.Add(row(reader));
        return rows;
    }

    private async Task<NpgsqlConnection> CrossTenantAsync()
    {
        var connection = new NpgsqlConnection(DaemonConnectionString);
        await connection.OpenAsync();
        // Marten's document policies read the tenant setting without missing_ok: give it one that matches no municipality.
        await using (var unset = new NpgsqlCommand($"select set_config('{StoreSetup.TenantSetting}', '', false)", connection))
            await unset.ExecuteNonQueryAsync();
        return connection;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var store in _stores)
            store.Dispose();
        await DataSource.DisposeAsync();
        NpgsqlConnection.ClearAllPools();
        if (_reused || Environment.GetEnvironmentVariable("DXEVENTS_BENCH_KEEP") == "1")
        {
            Console.WriteLine($"kept database {Name} ({(_reused ? "reused" : "DXEVENTS_BENCH_KEEP=1")}): drop it when done");
            return;
        }
        // The superuser, when there is one, may end the bulk loader's pooled sessions; the service's role may not.
        var admin = Environment.GetEnvironmentVariable("DXEVENTS_DB_ADMIN");
        await using var connection = new NpgsqlConnection(admin is { Length: > 0 } ? admin : _server);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {Name} WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }
}
