using DxEvents.EventStore;
using Npgsql;

namespace DxEvents.Benchmarks;

/// <summary>A throwaway database on the cluster named by DXEVENTS_DB, so runs never touch real data.</summary>
internal sealed class BenchDatabase : IAsyncDisposable
{
    private readonly string _server;
    public string Name { get; }
    public NpgsqlDataSource DataSource { get; }

    private BenchDatabase(string server, string name, NpgsqlDataSource dataSource) => (_server, Name, DataSource) = (server, name, dataSource);

    public static async Task<BenchDatabase> CreateAsync(IEnumerable<Migration> migrations)
    {
        var server = Environment.GetEnvironmentVariable("DXEVENTS_DB")
            ?? throw new InvalidOperationException("DXEVENTS_DB is not set: run through ./ops/bench.");
        var name = "dxbench_" + Guid.NewGuid().ToString("N")[..12];
        await using (var connection = new NpgsqlConnection(server))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await create.ExecuteNonQueryAsync();
        }
        var dataSource = StoreDataSource.Create(new NpgsqlConnectionStringBuilder(server) { Database = name, MaxPoolSize = 64 }.ConnectionString);
        var db = new BenchDatabase(server, name, dataSource);
        await Migrator.MigrateAsync(dataSource, migrations);
        return db;
    }

    public async Task ExecuteAsync(string sql)
    {
        await using var command = DataSource.CreateCommand(sql);
        await command.ExecuteNonQueryAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await DataSource.DisposeAsync();
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(_server);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {Name} WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }
}
