using System.Net;
using DxEvents.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace DxEvents.Api.Tests;

/// <summary>Marten applies the schema at start-up under its migration lock: two services starting at once on an empty database both come up.</summary>
public sealed class StartupTests : IAsyncLifetime
{
    private readonly PostgresDatabase _database = new();

    public Task InitializeAsync() => _database.InitializeAsync();

    public Task DisposeAsync() => _database.DisposeAsync();

    [Fact]
    public async Task Two_services_starting_at_once_on_an_empty_database_both_become_ready()
    {
        await using var first = Service();
        await using var second = Service();

        // CreateClient starts each host; both race to create Marten's schema and DxEvents' policies.
        var clients = await Task.WhenAll(Task.Run(first.CreateClient), Task.Run(second.CreateClient));
        var ready = await Task.WhenAll(clients.Select(c => c.GetAsync("/health/ready")));

        Assert.All(ready, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Equal(2L, await _database.ScalarAsync<long>(
            "SELECT count(*) FROM pg_policies WHERE schemaname = 'dxevents' AND tablename = 'mt_events'"));
    }

    private WebApplicationFactory<Program> Service() =>
        new WebApplicationFactory<Program>().WithWebHostBuilder(b => b.UseSetting("DXEVENTS_DB", _database.ConnectionString));
}
