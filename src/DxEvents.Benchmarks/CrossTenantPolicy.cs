using DxEvents.Api.EventStore;
using Npgsql;

namespace DxEvents.Benchmarks;

/// <summary>
/// A trial of another spelling of the daemon's cross-tenant opt-in. DxEvents' policy reads a setting
/// (<c>current_setting('dxevents.scope', true) = 'all'</c>) OR'ed with the tenant policy; the planner cannot evaluate
/// it while planning, guesses that it keeps 1 % of the rows, and picks nested loops over whole tables (the daemon's
/// page of events joins every stream). Granted to the daemon's role instead (<c>TO dxevents_daemon USING (true)</c>),
/// the same rows are visible to the same roles, and the OR folds to true before planning.
/// </summary>
internal static class CrossTenantPolicy
{
    private const string Name = "dx_cross_tenant";

    public static Task ApplyAsync(BenchDatabase db, bool roleScoped)
    {
        var role = new NpgsqlConnectionStringBuilder(db.DaemonConnectionString).Username!;
        var policy = roleScoped
            ? $"CREATE POLICY {Name} ON {StoreSetup.Schema}.%I TO {role} USING (true) WITH CHECK (true)"
            : $"CREATE POLICY {Name} ON {StoreSetup.Schema}.%I USING (current_setting(''{RowLevelSecurity.ScopeSetting}'', true) = ''all'') "
              + $"WITH CHECK (current_setting(''{RowLevelSecurity.ScopeSetting}'', true) = ''all'')";
        return db.ExecuteAsync($"""
            DO $$
            DECLARE t text;
            BEGIN
              FOR t IN SELECT tablename FROM pg_policies WHERE schemaname = '{StoreSetup.Schema}' AND policyname = '{Name}' LOOP
                EXECUTE format('DROP POLICY {Name} ON {StoreSetup.Schema}.%I', t);
                EXECUTE format('{policy}', t);
              END LOOP;
            END $$;
            """);
    }
}
