using System.Net;
using System.Security.Claims;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenIddict.Abstractions;
using OpenIddict.Server;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace DxEvents.Web.Tests.Support;

/// <summary>A person the test provider knows: their stable subject, display name, e-mail and municipality.</summary>
public sealed record ProviderUser(string UserName, string Subject, string Name, string Email, string Municipality);

/// <summary>
/// A real OpenID Connect provider for the browser tests: OpenIddict's server on Kestrel on loopback, authorization code with
/// PKCE, one confidential client (the service). It has no database: its degraded mode leaves the checks of the client and its
/// redirect address to the two handlers below. People sign in on a one-field page by user name (no passwords: what is under
/// test is the service's side of the protocol).
/// </summary>
public sealed class TestProvider : IAsyncDisposable
{
    public const string ClientId = "dxevents";
    public const string ClientSecret = "dxevents-test-secret";
    public const string MunicipalityClaim = "municipality";
    private const string UserCookie = "provider.user";

    public static readonly IReadOnlyList<ProviderUser> Users =
    [
        new("hanako", "mima-0001-office", "美馬 花子", "hanako@city.mima.example.jp", "mima"),
        new("jiro", "mima-0002-staff", "美馬 次郎", "jiro@city.mima.example.jp", "mima"),
        new("saburo", "mima-0003-staff", "美馬 三郎", "saburo@city.mima.example.jp", "mima"),
        new("shiro", "mima-0004-audit", "美馬 四郎", "shiro@city.mima.example.jp", "mima"),
    ];

    private readonly WebApplication _app;

    public string Authority { get; }

    /// <summary>The one address the client may be sent back to (the service's callback), set once the service listens.</summary>
    public string? RedirectUri { get; set; }

    private TestProvider(WebApplication app, string authority) => (_app, Authority) = (app, authority);

    public static async Task<TestProvider> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        TestProvider? self = null;
        builder.Services.AddOpenIddict().AddServer(o =>
        {
            o.SetAuthorizationEndpointUris("connect/authorize").SetTokenEndpointUris("connect/token");
            o.AllowAuthorizationCodeFlow().RequireProofKeyForCodeExchange();
            o.RegisterScopes(Scopes.OpenId, Scopes.Profile, Scopes.Email);
            o.AddEphemeralEncryptionKey().AddEphemeralSigningKey().DisableAccessTokenEncryption();
            o.EnableDegradedMode();
            o.UseAspNetCore().EnableAuthorizationEndpointPassthrough().DisableTransportSecurityRequirement();
            o.AddEventHandler<OpenIddictServerEvents.ValidateAuthorizationRequestContext>(h => h.UseInlineHandler(context =>
            {
                if (context.ClientId != ClientId)
                    context.Reject(Errors.InvalidClient, "Unknown client.");
                else if (context.RedirectUri is null || context.RedirectUri != self!.RedirectUri)
                    context.Reject(Errors.InvalidRequest, "Unknown redirect address.");
                return default;
            }));
            o.AddEventHandler<OpenIddictServerEvents.ValidateTokenRequestContext>(h => h.UseInlineHandler(context =>
            {
                if (context.ClientId != ClientId || context.Request.ClientSecret != ClientSecret)
                    context.Reject(Errors.InvalidClient, "Wrong client credentials.");
                return default;
            }));
        });
        var app = builder.Build();
        app.MapGet("/connect/authorize", (HttpContext http) =>
        {
            if (http.Request.Cookies[UserCookie] is not { } userName || Users.FirstOrDefault(u => u.UserName == userName) is not { } user)
                return Results.Redirect("/login?returnUrl=" + Uri.EscapeDataString(http.Request.Path + http.Request.QueryString));
            var identity = new ClaimsIdentity(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme, Claims.Name, Claims.Role);
            identity.AddClaim(new Claim(Claims.Subject, user.Subject));
            identity.AddClaim(new Claim(Claims.Name, user.Name));
            identity.AddClaim(new Claim(Claims.Email, user.Email));
            identity.AddClaim(new Claim(MunicipalityClaim, user.Municipality));
            foreach (var claim in identity.Claims)
                claim.SetDestinations(Destinations.IdentityToken, Destinations.AccessToken);
            var principal = new ClaimsPrincipal(identity);
            principal.SetScopes(http.GetOpenIddictServerRequest()!.GetScopes());
            return Results.SignIn(principal, null, OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
        });
        app.MapGet("/login", (string? returnUrl) => Results.Content($"""
            <!DOCTYPE html><html lang="ja"><head><meta charset="utf-8"><title>テスト用IDプロバイダー</title></head><body>
            <h1>テスト用IDプロバイダー</h1>
            <form method="post" action="/login"><input type="hidden" name="returnUrl" value="{WebUtility.HtmlEncode(returnUrl)}">
            <label for="user">ユーザー名</label><input id="user" name="user"><button type="submit">ログイン</button></form></body></html>
            """, "text/html; charset=utf-8"));
        app.MapPost("/login", async (HttpContext http) =>
        {
            var form = await http.Request.ReadFormAsync();
            http.Response.Cookies.Append(UserCookie, form["user"].ToString(), new() { HttpOnly = true, SameSite = SameSiteMode.Lax });
            var back = form["returnUrl"].ToString();
            return Results.Redirect(back.StartsWith("/connect/authorize", StringComparison.Ordinal) ? back : "/");
        });
        await app.StartAsync();
        var authority = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/') + "/";
        self = new TestProvider(app, authority);
        return self;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
