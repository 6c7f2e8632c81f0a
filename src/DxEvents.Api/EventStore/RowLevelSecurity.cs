using DbCommandBuilder = Weasel.Core.DbCommandBuilder;
using System.Data.Common;
using Weasel.Core;

namespace DxEvents.Api.EventStore;

/// <summary>
/// Row-level security where Marten's own (<c>UseRowLevelSecurity</c>) does not reach: the event tables, the chain
/// tables, and the cross-tenant opt-in on every table with a tenant. A session sees its municipality's rows only
/// (<c>dxevents.tenant</c>, set by Marten on every session connection); a connection without it sees none. The daemon
/// and other cross-tenant readers connect as their own role (dxevents_daemon, set up by ./ops/db), the only one the
/// cross-tenant policy is granted to: an explicit opt-in, never a default. Granted to a role rather than read from a
/// setting, the policy is settled when a query is planned (a setting OR'ed with the tenant's policy made the daemon's
/// page of events a nested loop over every stream: ./ops/bench rebuild). Applied by Marten with its schema, after
/// Marten's own tables (see DxSchema).
/// </summary>
public sealed partial class RowLevelSecurity : ISchemaObject
{
    private readonly string schema;
    private readonly string crossTenantRole;

    public RowLevelSecurity(string schema, string crossTenantRole)
    {
        this.schema = schema;
        this.crossTenantRole = RoleName().IsMatch(crossTenantRole)
            ? crossTenantRole
            : throw new ArgumentException($"'{crossTenantRole}' is not a plain role name.", nameof(crossTenantRole));
    }

    [System.Text.RegularExpressions.GeneratedRegex("^[a-z_][a-z0-9_]{0,62}$")]
    private static partial System.Text.RegularExpressions.Regex RoleName();
    private const string TenantPolicy = "dx_tenant_isolation";
    private const string CrossTenantPolicy = "dx_cross_tenant";
    // mt_event_projection_floors: Marten's per-municipality start of each async projection, read and written by the daemon
    // only; Marten's own row-level security covers document tables, not it.
    private static readonly string[] OwnTables = ["mt_events", "mt_streams", Integrity.ChainSchema.Links, Integrity.ChainSchema.Heads, "mt_event_projection_floors"];

    public DbObjectName Identifier => new Weasel.Postgresql.PostgresqlObjectName(schema, "dx_row_level_security", Weasel.Postgresql.SchemaUtils.IdentifierUsage.General);

    public IEnumerable<DbObjectName> AllNames() => [Identifier];

    public void WriteCreateStatement(Migrator migrator, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        foreach (var table in OwnTables)
        {
            writer.WriteLine($"ALTER TABLE {schema}.{table} ENABLE ROW LEVEL SECURITY;");
            writer.WriteLine($"ALTER TABLE {schema}.{table} FORCE ROW LEVEL SECURITY;");
            writer.WriteLine($"DROP POLICY IF EXISTS {TenantPolicy} ON {schema}.{table};");
            writer.WriteLine($"CREATE POLICY {TenantPolicy} ON {schema}.{table} USING (tenant_id = current_setting('{StoreSetup.TenantSetting}', true));");
        }
        // Every table with a tenant, Marten's document tables included: the daemon writes projections of every municipality.
        // Without the role (a database not set up by ./ops/db) no one reads across municipalities.
        writer.WriteLine($"""
            DO $$
            DECLARE t text;
            BEGIN
              FOR t IN SELECT c.table_name FROM information_schema.columns c JOIN information_schema.tables x
                         ON x.table_schema = c.table_schema AND x.table_name = c.table_name AND x.table_type = 'BASE TABLE'
                       WHERE c.table_schema = '{schema}' AND c.column_name = 'tenant_id'
              LOOP
                EXECUTE format('DROP POLICY IF EXISTS {CrossTenantPolicy} ON {schema}.%I', t);
                IF EXISTS (SELECT FROM pg_roles WHERE rolname = '{crossTenantRole}') THEN
                  EXECUTE format('CREATE POLICY {CrossTenantPolicy} ON {schema}.%I TO {crossTenantRole} USING (true) WITH CHECK (true)', t);
                END IF;
              END LOOP;
            END $$;
            """);
    }

    public void WriteDropStatement(Migrator rules, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        foreach (var table in OwnTables)
            writer.WriteLine($"DROP POLICY IF EXISTS {TenantPolicy} ON {schema}.{table};");
    }

    public void ConfigureQueryCommand(DbCommandBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Append($"""
            select (select count(*) from pg_policies where schemaname = '{schema}' and policyname = '{TenantPolicy}'),
                   (select count(*) from pg_policies where schemaname = '{schema}' and policyname = '{CrossTenantPolicy}'
                      and roles = ARRAY['{crossTenantRole}']::name[]),
                   (select count(distinct c.table_name) from information_schema.columns c join information_schema.tables x
                      on x.table_schema = c.table_schema and x.table_name = c.table_name and x.table_type = 'BASE TABLE'
                    where c.table_schema = '{schema}' and c.column_name = 'tenant_id'),
                   (select count(*) from pg_class k join pg_namespace n on n.oid = k.relnamespace
                    where n.nspname = '{schema}' and k.relname = ANY(ARRAY['{string.Join("','", OwnTables)}']) and k.relrowsecurity and k.relforcerowsecurity);
            """);
    }

    public async Task<ISchemaObjectDelta> CreateDeltaAsync(DbDataReader reader, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(reader);
        await reader.ReadAsync(ct);
        var (tenantPolicies, crossPolicies, tenantTables, forced) =
            (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3));
        var complete = tenantPolicies == OwnTables.Length && forced == OwnTables.Length && crossPolicies == tenantTables;
        return new SchemaObjectDelta(this, complete ? SchemaPatchDifference.None : SchemaPatchDifference.Update);
    }
}
