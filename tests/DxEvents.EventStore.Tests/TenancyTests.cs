using DxEvents.EventStore;
using Npgsql;

namespace DxEvents.EventStore.Tests;

public sealed class TenancyTests(SharedDatabase db) : IClassFixture<SharedDatabase>
{
    private readonly EventStore _store = new(db.DataSource);

    private static async Task<long> CountEverything(NpgsqlConnection connection, NpgsqlTransaction tx)
    {
        // Deliberately no tenant filter: the query a forgetful developer would write.
        await using var command = new NpgsqlCommand("SELECT (SELECT count(*) FROM dx_events) + (SELECT count(*) FROM dx_streams)", connection, tx);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    [Fact]
    public async Task A_query_without_a_tenant_filter_sees_only_its_own_tenants_rows()
    {
        var (mima, misaki) = (Make.Tenant(), Make.Tenant());
        await _store.AppendAsync(mima, Make.Stream("plan/x", ExpectedVersion.NoStream, Make.Event(), Make.Event()));
        await _store.AppendAsync(misaki, Make.Stream("plan/x", ExpectedVersion.NoStream, Make.Event()));

        Assert.Equal(2 + 1, await _store.InTenantAsync(mima, CountEverything));
        Assert.Equal(1 + 1, await _store.InTenantAsync(misaki, CountEverything));
    }

    [Fact]
    public async Task Without_the_tenant_setting_a_query_sees_nothing()
    {
        await _store.AppendAsync(Make.Tenant(), Make.Stream("plan/y", ExpectedVersion.NoStream, Make.Event()));

        Assert.Equal(0L, await db.ScalarAsync<long>("SELECT count(*) FROM dx_events"));
    }

    [Fact]
    public async Task A_tenant_cannot_write_rows_for_another_tenant()
    {
        var (mine, theirs) = (Make.Tenant(), Make.Tenant());

        var error = await Assert.ThrowsAsync<PostgresException>(() => _store.InTenantAsync(mine, async (connection, tx) =>
        {
            await using var command = new NpgsqlCommand(
                "INSERT INTO dx_streams (tenant_id, stream_id, stream_type, version) VALUES ($1, 'forged', 'x', 1)", connection, tx);
            command.Parameters.Add(new() { Value = theirs });
            return await command.ExecuteNonQueryAsync();
        }));

        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, error.SqlState);
    }

    [Fact]
    public async Task The_service_role_is_ordinary_so_row_level_security_applies_to_it()
    {
        Assert.False(await db.ScalarAsync<bool>("SELECT rolsuper OR rolbypassrls FROM pg_roles WHERE rolname = current_user"));
        Assert.True(await db.ScalarAsync<bool>("SELECT relforcerowsecurity AND relrowsecurity FROM pg_class WHERE relname = 'dx_events'"));
    }
}
