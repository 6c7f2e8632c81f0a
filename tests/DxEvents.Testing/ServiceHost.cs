using Alba;
using JasperFx.CommandLine;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace DxEvents.Testing;

/// <summary>The server's "now", fixed so that which quarters have started never depends on the day the tests run.</summary>
public sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now.ToUniversalTime();
}

/// <summary>
/// The real service (auth, problem details, workflow, store) as an Alba host on a fresh PostgreSQL database per fixture, its
/// clock fixed at <see cref="Now"/>; recorded-at stays the database's clock, as in production. TEntry names the service's assembly.
/// </summary>
public abstract class ServiceHost<TEntry> : IAsyncLifetime where TEntry : class
{
    /// <summary>20 Nov 2025 in Japan: FY2025 Q2 (Jul–Sep) has closed, Q3 (Oct–Dec) has started, Q4 has not.</summary>
    public static readonly DateTimeOffset Now = new(2025, 11, 20, 10, 0, 0, TimeSpan.FromHours(9));

    private IAlbaHost? _host;

    public PostgresDatabase Database { get; } = new();

    public IAlbaHost Host => _host ?? throw new InvalidOperationException("The host starts in InitializeAsync.");

    public IServiceProvider Services => Host.Services;

    /// <summary>The service on <paramref name="connectionString"/>, started; <paramref name="configure"/> adds to the test host.</summary>
    public static Task<IAlbaHost> StartAsync(string connectionString, Action<IWebHostBuilder>? configure = null)
    {
        // Once Program registers Wolverine and ends in RunJasperFxCommands, the host only starts under a test if JasperFx is
        // told to. Alba sets this too, by reflection; set here so the tests do not hang on that detail.
        JasperFxEnvironment.AutoStartHost = true;
        return AlbaHost.For<TEntry>(builder =>
        {
            builder.UseSetting("DXEVENTS_DB", connectionString);
            // The schema's owner applies it and the service runs as its restricted role, as in production.
            if (PostgresDatabase.OwnerFor(connectionString) is { } owner)
                builder.UseSetting("DXEVENTS_OWNER_DB", owner);
            configure?.Invoke(builder);
        }).StartAsync();
    }

    /// <summary>More set-up of the test host, after the database and the clock.</summary>
    protected virtual void Configure(IWebHostBuilder builder)
    {
    }

    /// <summary>Before the host starts, after its database exists (e.g. more databases the host's settings name).</summary>
    protected virtual Task BeforeStartAsync() => Task.CompletedTask;

    /// <summary>After the host stopped and its database was dropped.</summary>
    protected virtual Task AfterStopAsync() => Task.CompletedTask;

    async Task IAsyncLifetime.InitializeAsync()
    {
        await Database.InitializeAsync();
        await BeforeStartAsync();
        _host = await StartAsync(Database.ConnectionString, builder =>
        {
            builder.ConfigureTestServices(services =>
            {
                services.RemoveAll<TimeProvider>();
                services.AddSingleton<TimeProvider>(new FixedClock(Now));
            });
            Configure(builder);
        });
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        try
        {
            if (_host is not null)
                await _host.DisposeAsync();
        }
        catch (ObjectDisposedException)
        {
            // Marten's daemon can lose a race with its own shutdown: an event page still loading releases a semaphore
            // the stopping daemon already disposed (JasperFx ThrottledEventLoader). The host is down either way; the
            // database is still dropped below.
        }
        await Database.DisposeAsync();
        await AfterStopAsync();
    }
}
