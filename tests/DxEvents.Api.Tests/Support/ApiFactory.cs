using DxEvents.Api.Infrastructure;
using DxEvents.EventStore;
using DxEvents.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace DxEvents.Api.Tests.Support;

public sealed class ApiDatabase : PostgresDatabase
{
    protected override IEnumerable<Migration> Migrations => ApiSchema.All;
}

/// <summary>The server's "now", fixed so that which quarters have started never depends on the day the tests run.</summary>
public sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now.ToUniversalTime();
}

/// <summary>
/// The real pipeline (auth, problem details, workflow, store) on a fresh PostgreSQL database per test class.
/// Tests share the database but never a municipality: each asks for its own <see cref="Town"/>.
/// </summary>
public sealed class ApiFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    /// <summary>20 Nov 2025 in Japan: FY2025 Q2 (Jul–Sep) has closed, Q3 (Oct–Dec) has started, Q4 has not.</summary>
    public static readonly DateTimeOffset Now = new(2025, 11, 20, 10, 0, 0, TimeSpan.FromHours(9));

    private readonly ApiDatabase _database = new();

    public EventStore.EventStore Store => Services.GetRequiredService<EventStore.EventStore>();

    /// <summary>A municipality no other test uses, with a plan imported when <paramref name="sample"/> is given.</summary>
    public async Task<Town> NewTownAsync(string? sample = "mima")
    {
        var town = new Town(this, "t-" + Guid.NewGuid().ToString("N")[..12]);
        if (sample is not null)
        {
            using var response = await town.ImportAsync(PlanDocuments.Sample(sample, town.Tenant));
            Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
        }
        return town;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("DXEVENTS_DB", _database.ConnectionString);
        builder.ConfigureTestServices(services =>
        {
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(new FixedClock(Now));
        });
    }

    Task IAsyncLifetime.InitializeAsync() => _database.InitializeAsync();

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        await _database.DisposeAsync();
    }
}
