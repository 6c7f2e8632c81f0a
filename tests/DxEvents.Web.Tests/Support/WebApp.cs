using System.Net;
using DxEvents.Api.Infrastructure;
using DxEvents.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Playwright;

namespace DxEvents.Web.Tests.Support;

/// <summary>
/// The real service on Kestrel on loopback (a browser needs a real socket), on a fresh database, with the sample plans
/// and the demo keys as ./ops/run --demo-keys has them, and Mima's story (<see cref="MimaStory"/>) written through the
/// API. The pages read it only, so every test class shares one server and one browser. The server keeps the real clock:
/// pages compare "now" with recorded-at, which is the database's clock; tests that need a fixed reporting date pass it
/// in the URL, as a user would with the picker. The one host here that is not an Alba scenario host: Alba's hosts are
/// in memory, and a browser needs WebApplicationFactory's Kestrel mode.
/// </summary>
public sealed class WebApp : WebApplicationFactory<Program>, IAsyncLifetime
{
    public PostgresDatabase Database { get; } = new();
    public string BaseUrl { get; private set; } = "";
    public IBrowser Browser { get; private set; } = null!;
    public MimaStory Story { get; private set; } = null!;

    /// <summary>The mail server the service sends reminders to (its job's first run a day away: a test sends them from the page).</summary>
    public TestSmtpServer Smtp { get; } = new();
    private IPlaywright? _playwright;

    /// <summary>Debian's chromium (./ops/test installs it); DXEVENTS_CHROMIUM names another. Playwright downloads no browser.</summary>
    public static string ChromiumPath => Environment.GetEnvironmentVariable("DXEVENTS_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    /// <summary>The service ends with JasperFx's command runner; under a test host it must start the host itself.</summary>
    public WebApp() => JasperFx.CommandLine.JasperFxEnvironment.AutoStartHost = true;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("DXEVENTS_DB", Database.ConnectionString);
        if (Database.OwnerConnectionString is { } owner)
            builder.UseSetting("DXEVENTS_OWNER_DB", owner);
        builder.UseSetting("DXEVENTS_DEMO_KEYS", "true");
        builder.UseSetting("DXEVENTS_SEED_DIR", Path.Combine(AppContext.BaseDirectory, "sample-data"));
        foreach (var (key, value) in Smtp.Settings)
            builder.UseSetting(key, value);
        builder.UseSetting("DXEVENTS_REMINDER_FIRST_RUN_SECONDS", "86400");
        builder.ConfigureTestServices(services =>
        {
            services.RemoveAll<TimeProvider>();
            services.AddSingleton(TimeProvider.System);
        });
    }

    async Task IAsyncLifetime.InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
            throw new InvalidOperationException($"No browser at {ChromiumPath}: run the tests with ./ops/test, which installs Debian's chromium.");
        await Database.InitializeAsync();
        UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        StartServer();
        BaseUrl = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
        Story = await MimaStory.WriteAsync(BaseUrl, Services.GetRequiredService<DxEvents.Api.EventStore.IDaemonStore>());
        _playwright = await Playwright.CreateAsync();
        Browser = await LaunchChromiumAsync(_playwright);
    }

    /// <summary>Debian's chromium, headless, in Japanese, as every browser test runs it.</summary>
    public static Task<IBrowser> LaunchChromiumAsync(IPlaywright playwright) =>
        playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            // As root in a container chromium needs --no-sandbox; the rest keep it off the (closed) network.
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage", "--lang=ja-JP"],
        });

    async Task IAsyncLifetime.DisposeAsync()
    {
        if (Browser is not null)
            await Browser.CloseAsync();
        _playwright?.Dispose();
        try
        {
            await DisposeAsync();
        }
        catch (ObjectDisposedException)
        {
            // Marten's daemon racing its own shutdown (see ServiceHost): the host is down either way.
        }
        await Database.DisposeAsync();
        await Smtp.DisposeAsync();
    }

    /// <summary>A fresh browser context (its own cookies), in Japanese and Japan time, tablet-to-desktop width.</summary>
    public Task<IBrowserContext> NewContextAsync(int width = 1280, int height = 900) =>
        Browser.NewContextAsync(new()
        {
            BaseURL = BaseUrl,
            Locale = "ja-JP",
            TimezoneId = "Asia/Tokyo",
            ViewportSize = new() { Width = width, Height = height },
            AcceptDownloads = true,
        });

    public static string DemoKey(string role, string tenant = "mima") => Startup.DemoToken(tenant, role);

    /// <summary>An API client with the demo-style key of <paramref name="role"/> in <paramref name="tenant"/>, as a script
    /// of that office would call the service (for the data a test sets up and the events it checks).</summary>
    public HttpClient ApiClient(string role, string tenant = "mima")
    {
        var http = new HttpClient { BaseAddress = new Uri(BaseUrl) };
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", DemoKey(role, tenant));
        return http;
    }
}

[CollectionDefinition(Name)]
public sealed class WebCollection : ICollectionFixture<WebApp>
{
    public const string Name = "web";
}
