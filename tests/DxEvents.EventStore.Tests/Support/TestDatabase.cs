using DxEvents.Testing;
using Npgsql;

namespace DxEvents.EventStore.Tests.Support;

/// <summary>
/// A fresh database, dropped as the superuser: these tests leave superuser (tampering) and daemon-role sessions behind,
/// whose backends may still be exiting when the drop comes, and the ordinary role may not terminate them.
/// </summary>
public sealed class TestDatabase : PostgresDatabase
{
    public override async Task DisposeAsync()
    {
        await DataSource.DisposeAsync();
        NpgsqlConnection.ClearAllPools();
        var admin = new NpgsqlConnectionStringBuilder(AdminConnectionString
            ?? throw new InvalidOperationException("Set DXEVENTS_DB_ADMIN to a superuser connection string."))
        { Database = "postgres", Pooling = false };
        await using var server = new NpgsqlConnection(admin.ConnectionString);
        await server.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {Name} WITH (FORCE)", server);
        await drop.ExecuteNonQueryAsync();
    }
}
