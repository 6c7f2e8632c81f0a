using System.Net;
using Alba;
using DxEvents.Api.Tests.Support;
using DxEvents.Testing;

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
        // Each host starts as Alba builds it; both race to create Marten's schema and DxEvents' policies.
        var starting = new[] { Task.Run(Start), Task.Run(Start) };
        try
        {
            foreach (var service in await Task.WhenAll(starting))
                await service.Scenario(s =>
                {
                    s.Get.Url("/health/ready");
                    s.StatusCodeShouldBe(HttpStatusCode.OK);
                });

            Assert.Equal(2L, await _database.ScalarAsync<long>(
                "SELECT count(*) FROM pg_policies WHERE schemaname = 'dxevents' AND tablename = 'mt_events'"));
        }
        finally
        {
            foreach (var started in starting.Where(t => t.IsCompletedSuccessfully))
                await (await started).DisposeAsync();
        }
    }

    private Task<IAlbaHost> Start() => ApiHost.StartAsync(_database.ConnectionString);
}
