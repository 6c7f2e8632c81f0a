using System.Net;
using DxEvents.Api.Auth;
using DxEvents.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace DxEvents.Web.Tests.Support;

/// <summary>
/// The service configured for single sign-on against <see cref="TestProvider"/> (both on Kestrel on loopback), on a fresh
/// database where the provider's 美馬 花子 is Mima's office and 美馬 三郎 and 美馬 四郎 have roles; 美馬 次郎 has none.
/// </summary>
public sealed class SsoApp : WebApplicationFactory<Program>, IAsyncLifetime
{
    public PostgresDatabase Database { get; } = new();
    public TestProvider Provider { get; private set; } = null!;
    public string BaseUrl { get; private set; } = "";
    public IBrowser Browser { get; private set; } = null!;
    private IPlaywright? _playwright;

    public SsoApp() => JasperFx.CommandLine.JasperFxEnvironment.AutoStartHost = true;

    public static ProviderUser User(string userName) => TestProvider.Users.Single(u => u.UserName == userName);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("DXEVENTS_DB", Database.ConnectionString);
        if (Database.OwnerConnectionString is { } owner)
            builder.UseSetting("DXEVENTS_OWNER_DB", owner);
        builder.UseSetting("DXEVENTS_OIDC:Authority", Provider.Authority);
        builder.UseSetting("DXEVENTS_OIDC:ClientId", TestProvider.ClientId);
        builder.UseSetting("DXEVENTS_OIDC:ClientSecret", TestProvider.ClientSecret);
        builder.UseSetting("DXEVENTS_OIDC:MunicipalityClaim", TestProvider.MunicipalityClaim);
        builder.UseSetting("DXEVENTS_OIDC:RequireHttpsMetadata", "false");
    }

    async Task IAsyncLifetime.InitializeAsync()
    {
        await Database.InitializeAsync();
        Provider = await TestProvider.StartAsync();
        UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        StartServer();
        BaseUrl = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
        Provider.RedirectUri = BaseUrl + "/signin-oidc";
        var people = Services.GetRequiredService<PeopleAccess>();
        foreach (var (user, role) in new[] { ("hanako", Roles.Office), ("saburo", Roles.Recorder), ("shiro", Roles.Auditor) })
            await people.GrantAsync("mima", User(user).Subject, User(user).Name, User(user).Email, role, "cli:setup");
        _playwright = await Playwright.CreateAsync();
        Browser = await WebApp.LaunchChromiumAsync(_playwright);
    }

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
        if (Provider is not null)
            await Provider.DisposeAsync();
        await Database.DisposeAsync();
    }

    public async Task<IBrowserContext> NewContextAsync()
    {
        var context = await Browser.NewContextAsync(new() { BaseURL = BaseUrl, Locale = "ja-JP", TimezoneId = "Asia/Tokyo", ViewportSize = new() { Width = 1280, Height = 900 } });
        // A sign-in is four navigations across two servers; on a loaded machine that outlasts Playwright's 30 s default.
        context.SetDefaultTimeout(90_000);
        return context;
    }

    /// <summary>Through the service's sign-in page and the provider's (skipped when the provider already knows the browser),
    /// as a person would; ends wherever the service sends them.</summary>
    public async Task<IPage> SignInThroughProviderAsync(IBrowserContext context, string userName)
    {
        var page = await context.NewPageAsync();
        await page.GotoAsync("/signin");
        await page.GetByRole(AriaRole.Link, new() { Name = "組織のアカウントでサインイン" }).ClickAsync();
        await page.WaitForURLAsync(url => url.StartsWith(Provider.Authority + "login", StringComparison.Ordinal) || Landed(url));
        if (!Landed(page.Url))
        {
            await page.GetByLabel("ユーザー名").FillAsync(userName);
            await page.GetByRole(AriaRole.Button, new() { Name = "ログイン" }).ClickAsync();
            await page.WaitForURLAsync(Landed);
        }
        return page;
    }

    private bool Landed(string url) =>
        url.StartsWith(BaseUrl, StringComparison.Ordinal) && new Uri(url).AbsolutePath is not ("/signin" or "/signin/sso" or "/signin-oidc");
}

[CollectionDefinition(Name)]
public sealed class SsoCollection : ICollectionFixture<SsoApp>
{
    public const string Name = "sso";
}
