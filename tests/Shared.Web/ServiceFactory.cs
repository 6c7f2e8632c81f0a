using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace DxEvents.Testing;

/// <summary>
/// The real service (auth, problem details, workflow, store) on a fresh PostgreSQL database per fixture, its clock
/// fixed at <see cref="Now"/>; recorded-at stays the database's clock, as in production. TEntry names the service's assembly.
/// </summary>
public abstract class ServiceFactory<TEntry> : WebApplicationFactory<TEntry>, IAsyncLifetime where TEntry : class
{
    /// <summary>20 Nov 2025 in Japan: FY2025 Q2 (Jul–Sep) has closed, Q3 (Oct–Dec) has started, Q4 has not.</summary>
    public static readonly DateTimeOffset Now = new(2025, 11, 20, 10, 0, 0, TimeSpan.FromHours(9));

    private readonly PostgresDatabase _database = new();

    public PostgresDatabase Database => _database;

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
        try
        {
            await DisposeAsync();
        }
        catch (ObjectDisposedException)
        {
            // Marten's daemon can lose a race with its own shutdown: an event page still loading releases a semaphore
            // the stopping daemon already disposed (JasperFx ThrottledEventLoader). The host is down either way; the
            // database is still dropped below.
        }
        await _database.DisposeAsync();
    }
}
