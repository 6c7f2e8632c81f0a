using System.Data.Common;
using JasperFx;
using Marten;
using JasperFx.Resources;
using Npgsql;
using Weasel.Core;
using Wolverine;
using Wolverine.Postgresql;
using DbCommandBuilder = Weasel.Core.DbCommandBuilder;

namespace DxEvents.Api.EventStore;

/// <summary>
/// The schema is applied by its owner, never by the roles the service runs as: an owner role (dxevents_owner, set up by
/// ./ops/db) creates and migrates Marten's tables, DxEvents' own and Wolverine's envelope tables, and grants the service
/// and the daemon what they need and nothing more. Since only a table's owner may ALTER it, neither role can switch
/// row-level security off, change the schema, or take back the event table's trigger. Marten and Wolverine apply their
/// schema over the connection they run on; this runs their own migrations over the owner's connection instead, before
/// the service starts (DXEVENTS_OWNER_DB) or as an explicit step (<c>dxevents db apply</c>).
/// </summary>
public static class SchemaOwner
{
    /// <summary>
    /// Applies every database's schema as the owner: the main one of <paramref name="ownerConnectionString"/> and every
    /// extra database, reached with the owner's user name and password.
    /// </summary>
    /// <param name="serviceConnectionString">The service's own connection: its user is the role the grants go to.</param>
    public static async Task ApplyAsync(string ownerConnectionString, string serviceConnectionString, string daemonRole,
        IReadOnlyList<ExtraDatabase>? extraDatabases = null, CancellationToken ct = default)
    {
        var serviceRole = new NpgsqlConnectionStringBuilder(serviceConnectionString).Username
            ?? throw new InvalidOperationException("DXEVENTS_DB names no user.");
        var owner = new NpgsqlConnectionStringBuilder(ownerConnectionString);
        var extra = (extraDatabases ?? []).Select(d => d with { ConnectionString = AsOwner(d.ConnectionString, owner) }).ToList();

        // Two services starting at once on an empty database apply one after the other (Wolverine's set-up takes no lock).
        // The second waits up to 10 minutes for the first's migration, not Npgsql's 30 s: on a loaded machine or a large
        // database the migration takes longer, and a timeout would stop a service that only had to wait (StartupTests, CI).
        await using var gate = new NpgsqlConnection(ownerConnectionString);
        await gate.OpenAsync(ct);
        await using (var lockCommand = new NpgsqlCommand("select pg_advisory_lock(hashtext('dxevents schema owner'))", gate) { CommandTimeout = 600 })
            await lockCommand.ExecuteNonQueryAsync(ct);

        // Wolverine's tables first, so that the grants Marten applies with DxEvents' schema cover them too.
        foreach (var database in extra.Select(d => d.ConnectionString).Prepend(ownerConnectionString))
            await MigrateWolverineAsync(database, ct);

        using var store = DocumentStore.For(opts =>
        {
            StoreSetup.Configure(opts, ownerConnectionString, daemonRole, asyncProjections: false, extra, serviceRole);
            opts.AutoCreateSchemaObjects = AutoCreate.CreateOrUpdate;
        });
        foreach (var database in await store.Storage.AllDatabases())
            await database.ApplyAllConfiguredChangesToDatabaseAsync(ct: ct);
    }

    /// <summary>
    /// Wolverine's envelope, node and control tables, laid out as its Marten integration does (a main message store in
    /// Marten's schema), by Wolverine's own resource set-up on a host that does nothing else; its message store class is
    /// internal, so a host is the public way to run its migration.
    /// </summary>
    private static async Task MigrateWolverineAsync(string connectionString, CancellationToken ct)
    {
        // Built without the caller's execution context: a test host (WebApplicationFactory, Alba) takes the first host
        // built in its entry point's async flow for the service's own, and this one is built before the service's.
        Task setup;
        using (ExecutionContext.SuppressFlow())
            setup = Task.Run(async () =>
            {
                using var host = Host.CreateDefaultBuilder()
                    .UseWolverine(opts =>
                    {
                        opts.Durability.Mode = DurabilityMode.Solo;
                        opts.Discovery.DisableConventionalDiscovery();
                        opts.PersistMessagesWithPostgresql(connectionString, StoreSetup.Schema);
                    })
                    .Build();
                await host.SetupResources(ct);
            }, ct);
        await setup;
    }

    private static string AsOwner(string connectionString, NpgsqlConnectionStringBuilder owner) =>
        new NpgsqlConnectionStringBuilder(connectionString) { Username = owner.Username, Password = owner.Password }.ConnectionString;
}

/// <summary>
/// What the service's and the daemon's roles may do, granted by the owner with the schema: the service reads everything
/// and writes documents, streams, idempotency records and Wolverine's tables, but only inserts events and never writes
/// the chain; the daemon (a member of the service's role) also writes the chain, and may empty a projection's table to
/// rebuild it. Nothing else: no DDL, no ownership, so no way to turn row-level security off.
/// </summary>
public sealed partial class Privileges : ISchemaObject
{
    private readonly string schema;
    private readonly string serviceRole;
    private readonly string daemonRole;

    public Privileges(string schema, string serviceRole, string daemonRole)
    {
        this.schema = schema;
        this.serviceRole = RoleName().IsMatch(serviceRole) ? serviceRole : throw new ArgumentException($"'{serviceRole}' is not a plain role name.", nameof(serviceRole));
        this.daemonRole = RoleName().IsMatch(daemonRole) ? daemonRole : throw new ArgumentException($"'{daemonRole}' is not a plain role name.", nameof(daemonRole));
    }

    [System.Text.RegularExpressions.GeneratedRegex("^[a-z_][a-z0-9_]{0,62}$")]
    private static partial System.Text.RegularExpressions.Regex RoleName();

    private string Chain => $"{schema}.{Integrity.ChainSchema.Links}, {schema}.{Integrity.ChainSchema.Heads}";

    public DbObjectName Identifier => new Weasel.Postgresql.PostgresqlObjectName(schema, "dx_privileges", Weasel.Postgresql.SchemaUtils.IdentifierUsage.General);

    public IEnumerable<DbObjectName> AllNames() => [Identifier];

    public void WriteCreateStatement(Migrator migrator, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteLine($"""
            REVOKE ALL ON SCHEMA {schema} FROM PUBLIC;
            GRANT USAGE ON SCHEMA {schema} TO {serviceRole}, {daemonRole};
            GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {schema} TO {serviceRole};
            GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {schema} TO {serviceRole};
            GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA {schema} TO {serviceRole};
            REVOKE UPDATE, DELETE, TRUNCATE ON {schema}.mt_events FROM {serviceRole}, {daemonRole};
            REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON {Chain} FROM {serviceRole};
            GRANT SELECT, INSERT, UPDATE, DELETE ON {Chain} TO {daemonRole};
            GRANT TRUNCATE ON ALL TABLES IN SCHEMA {schema} TO {daemonRole};
            REVOKE TRUNCATE ON {schema}.mt_events FROM {daemonRole};
            """);
    }

    public void WriteDropStatement(Migrator rules, TextWriter writer)
    {
    }

    public void ConfigureQueryCommand(DbCommandBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        // Complete when every table is readable by the service, the event table only insertable, the chain only the daemon's.
        builder.Append($"""
            select (select count(*) from pg_tables t where t.schemaname = '{schema}'
                      and not has_table_privilege('{serviceRole}', format('%I.%I', t.schemaname, t.tablename), 'SELECT')),
                   (select count(*) from pg_class k join pg_namespace n on n.oid = k.relnamespace
                    where n.nspname = '{schema}' and k.relname = 'mt_events'
                      and has_table_privilege('{serviceRole}', k.oid, 'INSERT') and not has_table_privilege('{serviceRole}', k.oid, 'UPDATE')
                      and not has_table_privilege('{daemonRole}', k.oid, 'DELETE')),
                   (select count(*) from pg_class k join pg_namespace n on n.oid = k.relnamespace
                    where n.nspname = '{schema}' and k.relname in ('{Integrity.ChainSchema.Links}', '{Integrity.ChainSchema.Heads}')
                      and not has_table_privilege('{serviceRole}', k.oid, 'INSERT') and has_table_privilege('{daemonRole}', k.oid, 'INSERT'));
            """);
    }

    public async Task<ISchemaObjectDelta> CreateDeltaAsync(DbDataReader reader, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(reader);
        await reader.ReadAsync(ct);
        var complete = reader.GetInt64(0) == 0 && reader.GetInt64(1) == 1 && reader.GetInt64(2) == 2;
        return new SchemaObjectDelta(this, complete ? SchemaPatchDifference.None : SchemaPatchDifference.Update);
    }
}
