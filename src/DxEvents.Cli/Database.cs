using System.CommandLine;
using DxEvents.Api.Infrastructure;
using DxEvents.EventStore;
using Npgsql;

namespace DxEvents.Cli;

internal static class Database
{
    public static NpgsqlDataSource Open() =>
        StoreDataSource.Create(Environment.GetEnvironmentVariable("DXEVENTS_DB")
            ?? throw new InvalidOperationException("Set DXEVENTS_DB to the service's PostgreSQL connection string (./ops/db url prints the private one)."));

    public static Task MigrateAsync(NpgsqlDataSource dataSource, CancellationToken ct) => Migrator.MigrateAsync(dataSource, ApiSchema.All, ct);
}

internal static class DatabaseCommands
{
    public static Command Migrate()
    {
        var migrate = new Command("migrate", "Create or migrate the schema (the service also does this at start-up)");
        migrate.SetAction(async (_, ct) =>
        {
            await using var dataSource = Database.Open();
            await Database.MigrateAsync(dataSource, ct);
            Console.WriteLine("Schema is up to date.");
            return 0;
        });
        return migrate;
    }
}
