using System.CommandLine;
using DxEvents.Api.EventStore;
using JasperFx;
using Marten;

namespace DxEvents.Cli;

/// <summary>The service's Marten configuration, opened by the CLI: as the service's role, or as the daemon's cross-tenant role.</summary>
internal static class Database
{
    public static string ConnectionString =>
        Environment.GetEnvironmentVariable("DXEVENTS_DB")
        ?? throw new InvalidOperationException("Set DXEVENTS_DB to the service's PostgreSQL connection string (./ops/db url prints the private one).");

    public static string? OwnerConnectionString =>
        Environment.GetEnvironmentVariable("DXEVENTS_OWNER_DB") is { Length: > 0 } owner ? owner : null;

    /// <summary>The request path's store: one municipality per session, as the service's role.</summary>
    public static DocumentStore Open() => Build(ConnectionString);

    public static DocumentStore Open(string connectionString) => Build(connectionString);

    /// <summary>The daemon's store (DXEVENTS_DAEMON_DB, else the "_daemon" role): projections and every municipality.</summary>
    public static DocumentStore OpenDaemon() => OpenDaemon(ConnectionString);

    public static DocumentStore OpenDaemon(string connectionString) =>
        Build(StoreSetup.DaemonConnectionString(connectionString, Environment.GetEnvironmentVariable("DXEVENTS_DAEMON_DB")), daemon: true);

    /// <summary>
    /// A superuser (DXEVENTS_DB_ADMIN) on the database of <paramref name="connectionString"/>, for the one thing PostgreSQL
    /// allows only to a superuser here: COPY into tables under row-level security. It never changes the schema.
    /// </summary>
    public static DocumentStore OpenAdmin(string connectionString)
    {
        var admin = Environment.GetEnvironmentVariable("DXEVENTS_DB_ADMIN") is { Length: > 0 } a
            ? a
            : throw new InvalidOperationException("Set DXEVENTS_DB_ADMIN to a superuser's connection string (./ops/db admin-url prints the private one).");
        // The bulk load writes DXEVENTS_DB's database only; municipalities placed elsewhere would land in the wrong one.
        if (ExtraDatabase.FromEnvironment().Count > 0)
            throw new InvalidOperationException($"A bulk load fills one database: unset {ExtraDatabase.Section}__… (or seed without --bulk, which places each municipality).");
        var database = new Npgsql.NpgsqlConnectionStringBuilder(connectionString).Database;
        return DocumentStore.For(opts =>
        {
            StoreSetup.Configure(opts, new Npgsql.NpgsqlConnectionStringBuilder(admin) { Database = database }.ConnectionString, StoreSetup.DaemonRole(connectionString));
            opts.AutoCreateSchemaObjects = AutoCreate.None;
            opts.Projections.AsyncMode = JasperFx.Events.Daemon.DaemonMode.ExternallyManaged;
        });
    }

    /// <summary>
    /// Brings the schema of <paramref name="connectionString"/>'s database up to date before a command writes: as the schema's
    /// owner when DXEVENTS_OWNER_DB is set (the service's role has no DDL), else over the store's own connection.
    /// </summary>
    public static async Task ApplySchemaAsync(string connectionString, CancellationToken ct)
    {
        if (OwnerConnectionString is { } owner)
        {
            // The owner's user on the database the command writes to, wherever the owner's connection string points.
            var onThisDatabase = new Npgsql.NpgsqlConnectionStringBuilder(owner)
            {
                Database = new Npgsql.NpgsqlConnectionStringBuilder(connectionString).Database,
            }.ConnectionString;
            await SchemaOwner.ApplyAsync(onThisDatabase, connectionString,
                new Npgsql.NpgsqlConnectionStringBuilder(StoreSetup.DaemonConnectionString(connectionString, Environment.GetEnvironmentVariable("DXEVENTS_DAEMON_DB"))).Username!,
                ExtraDatabase.FromEnvironment(), ct);
            return;
        }
        await using var store = Build(connectionString);
        await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
    }

    /// <summary>With DXEVENTS_DATABASES set as for the service, every database it names too, each municipality in its own.</summary>
    private static DocumentStore Build(string connectionString, bool daemon = false) => DocumentStore.For(opts =>
    {
        var extra = ExtraDatabase.FromEnvironment();
        StoreSetup.Configure(opts, connectionString, extraDatabases: daemon ? [.. extra.Select(d => d.ForDaemon())] : extra);
        // With an owner (DXEVENTS_OWNER_DB) the schema is the owner's to change: `db apply`, or the service at start-up.
        opts.AutoCreateSchemaObjects = OwnerConnectionString is null ? AutoCreate.CreateOrUpdate : AutoCreate.None;
        // Commands that need the daemon build it themselves (projections rebuild); Marten need not warn that it is off.
        opts.Projections.AsyncMode = JasperFx.Events.Daemon.DaemonMode.ExternallyManaged;
    });
}

internal static class DatabaseCommands
{
    public static Command Migrate()
    {
        var migrate = new Command("migrate", "Create or update the schema (the service also does this at start-up); as `db apply` when DXEVENTS_OWNER_DB is set");
        migrate.SetAction(async (_, ct) =>
        {
            if (Database.OwnerConnectionString is not null)
                return await ApplyAsOwnerAsync(ct);
            await Database.ApplySchemaAsync(Database.ConnectionString, ct);
            Console.WriteLine("Schema is up to date.");
            return 0;
        });
        return migrate;
    }

    /// <summary>dxevents db apply: the schema's owner applies Marten's, DxEvents' and Wolverine's schema and the roles' grants.</summary>
    public static Command Db()
    {
        var apply = new Command("apply", "As the schema's owner (DXEVENTS_OWNER_DB): create or update the schema and grant the service's and the daemon's roles");
        apply.SetAction(async (_, ct) => await ApplyAsOwnerAsync(ct));
        var db = new Command("db", "The database schema, applied by its owner");
        db.Subcommands.Add(apply);
        return db;
    }

    private static async Task<int> ApplyAsOwnerAsync(CancellationToken ct)
    {
        if (Database.OwnerConnectionString is null)
            throw new InvalidOperationException("Set DXEVENTS_OWNER_DB to the schema owner's connection string (./ops/db owner-url prints the private one).");
        await Database.ApplySchemaAsync(Database.ConnectionString, ct);
        Console.WriteLine("Schema is up to date; the service's and the daemon's roles are granted what they need.");
        return 0;
    }
}
