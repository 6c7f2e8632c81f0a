using DxEvents.Api.Auth;
using DxEvents.Api.Tests.Support;
using DxEvents.Testing;
using Microsoft.AspNetCore.Hosting;

namespace DxEvents.Api.Tests.Hostile;

/// <summary>A pinned head that is not in the chain fails the check as a whole.</summary>
public sealed class VerifyPinTests(ApiHost api) : IClassFixture<ApiHost>
{
    [Fact]
    public async Task A_head_not_in_the_chain_makes_ok_false()
    {
        var town = await api.NewTownAsync();
        await api.ProjectedAsync();

        var answer = await town.ReadAsync($"/audit/verify?head={new string('a', 64)}", Roles.Auditor);

        Assert.False(answer.GetProperty("ok").GetBoolean());
        Assert.False(answer.GetProperty("pinned").GetProperty("extends").GetBoolean());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, answer.GetProperty("break").ValueKind);
    }

    [Fact]
    public async Task The_current_head_pinned_is_ok()
    {
        var town = await api.NewTownAsync();
        await api.ProjectedAsync();
        var head = (await town.ReadAsync("/audit/verify", Roles.Auditor)).GetProperty("head").GetProperty("hash").GetString();

        Assert.True((await town.ReadAsync($"/audit/verify?head={head}", Roles.Auditor)).GetProperty("ok").GetBoolean());
    }
}

/// <summary>./ops/run's sample import runs on every start: a restart imports nothing twice and leaves no rows.</summary>
public sealed class RestartTests : IAsyncLifetime
{
    private readonly PostgresDatabase _database = new();

    public Task InitializeAsync() => _database.InitializeAsync();

    public Task DisposeAsync() => _database.DisposeAsync();

    [Fact]
    public async Task A_restart_with_the_sample_folder_imports_nothing_twice_and_leaves_no_tombstone_rows()
    {
        await using (await StartAsync())
        {
        }
        var first = await CountAsync();

        await using (await StartAsync())
        {
        }

        Assert.True(first.Events > 0, "the first start imported the samples");
        Assert.Equal(first, await CountAsync());
    }

    private Task<Alba.IAlbaHost> StartAsync() => ApiHost.StartAsync(_database.ConnectionString, builder =>
    {
        builder.UseSetting("DXEVENTS_SEED_DIR", Path.Combine(AppContext.BaseDirectory, "sample-data"));
        builder.UseSetting("DXEVENTS_DAEMON", "off");
    });

    private async Task<(long Events, long Sequence)> CountAsync()
    {
        await using var admin = new Npgsql.NpgsqlConnection(_database.AdminConnectionString ?? throw new InvalidOperationException("Set DXEVENTS_DB_ADMIN (./ops/test does)."));
        await admin.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand(
            "select (select count(*) from dxevents.mt_events), (select last_value from dxevents.mt_events_sequence)", admin);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetInt64(0), reader.GetInt64(1));
    }
}
