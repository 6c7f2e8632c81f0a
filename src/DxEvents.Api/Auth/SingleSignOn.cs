using System.Security.Claims;
using System.Text.Json;
using DxEvents.Api.EventStore;
using DxEvents.Api.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace DxEvents.Api.Auth;

/// <summary>
/// Single sign-on with the municipality's identity provider (Entra ID, Keycloak, an LGWAN service's provider), configured
/// per deployment under DXEVENTS_OIDC (environment: DXEVENTS_OIDC__Authority …). Without an authority nothing here is
/// registered and the pages keep the key sign-in.
/// </summary>
public sealed class SingleSignOnOptions
{
    public const string Section = "DXEVENTS_OIDC";

    public string? Authority { get; set; }
    /// <summary>Where the service reads the provider's discovery document, when it reaches the provider by another address
    /// than people's browsers do (a container network); by default the authority's.</summary>
    public string? MetadataAddress { get; set; }
    public string? ClientId { get; set; }
    public string? ClientSecret { get; set; }
    /// <summary>The claim naming the person for good: the provider's subject (Entra ID: "oid" is stable across applications).</summary>
    public string SubjectClaim { get; set; } = "sub";
    public string NameClaim { get; set; } = "name";
    public string EmailClaim { get; set; } = "email";
    /// <summary>The claim carrying the municipality's slug, for a provider that serves several municipalities.</summary>
    public string? MunicipalityClaim { get; set; }
    /// <summary>The one municipality of a deployment whose provider serves only it (used when no claim names one).</summary>
    public string? Municipality { get; set; }
    /// <summary>Space-separated scopes beyond "openid".</summary>
    public string Scopes { get; set; } = "profile email";
    /// <summary>Only for a provider on loopback in development and tests.</summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    public static SingleSignOnOptions? From(IConfiguration configuration)
    {
        var options = configuration.GetSection(Section).Get<SingleSignOnOptions>();
        return options?.Authority is { Length: > 0 } ? options : null;
    }
}

/// <summary>Whether the pages sign people in through a provider (then no page asks for a key).</summary>
public sealed record SignInMode(bool SingleSignOn);

public static class SingleSignOn
{
    public const string Scheme = "oidc";
    public const string ChallengePath = "/signin/sso";
    public const string NoAccessPath = "/signin/no-access";
    private const string NoAccessPurpose = "DxEvents.SignIn.NoAccess";

    /// <summary>A person the provider vouched for but the municipality has not granted: shown on the no-access page.</summary>
    public sealed record Refused(string? Tenant, string DisplayName, string Subject, string? Email);

    public static void AddDxSingleSignOn(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var sso = SingleSignOnOptions.From(builder.Configuration);
        builder.Services.AddSingleton(new SignInMode(sso is not null));
        if (sso is null)
            return;
        builder.Services.AddAuthentication().AddOpenIdConnect(Scheme, o =>
        {
            o.Authority = sso.Authority;
            if (sso.MetadataAddress is { Length: > 0 } metadata)
                o.MetadataAddress = metadata;
            o.ClientId = sso.ClientId;
            o.ClientSecret = sso.ClientSecret;
            o.RequireHttpsMetadata = sso.RequireHttpsMetadata;
            o.ResponseType = OpenIdConnectResponseType.Code;
            o.UsePkce = true;
            // The answer comes back as a top-level GET, so the correlation and nonce cookies can be SameSite=Lax: a form post
            // from the provider's site would need SameSite=None, which browsers refuse without HTTPS.
            o.ResponseMode = OpenIdConnectResponseMode.Query;
            o.CorrelationCookie.SameSite = SameSiteMode.Lax;
            o.NonceCookie.SameSite = SameSiteMode.Lax;
            o.CorrelationCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.NonceCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.Scope.Clear();
            foreach (var scope in ("openid " + sso.Scopes).Split(' ', StringSplitOptions.RemoveEmptyEntries).Distinct())
                o.Scope.Add(scope);
            o.MapInboundClaims = false;
            o.GetClaimsFromUserInfoEndpoint = true;
            o.SaveTokens = false;
            o.SignInScheme = WebAuth.Scheme;
            o.Events.OnTokenValidated = context => AdmitAsync(context, sso);
        });
        // The provider's answer is a navigation from another site: a Strict session cookie set then would not be sent with the
        // page it leads to, and the person would land on the sign-in page again. Lax still keeps it off other sites' posts
        // (and every form also carries an antiforgery token).
        builder.Services.PostConfigure<CookieAuthenticationOptions>(WebAuth.Scheme, o => o.Cookie.SameSite = SameSiteMode.Lax);
    }

    /// <summary>The provider's person becomes a session with the role their municipality granted, or sees whom to ask.</summary>
    private static async Task AdmitAsync(TokenValidatedContext context, SingleSignOnOptions sso)
    {
        var claims = context.Principal!;
        var subject = claims.FindFirstValue(sso.SubjectClaim);
        var name = claims.FindFirstValue(sso.NameClaim) ?? claims.FindFirstValue("preferred_username") ?? subject;
        var tenant = (sso.MunicipalityClaim is { } claim ? claims.FindFirstValue(claim) : null) ?? sso.Municipality;
        var services = context.HttpContext.RequestServices;
        PersonGrant? grant = null;
        if (subject is { Length: > 0 } && tenant is not null && Tenancy.IsValidTenantId(tenant))
            grant = await services.GetRequiredService<PeopleAccess>().FindAsync(tenant, subject, context.HttpContext.RequestAborted);
        if (grant is null)
        {
            var refused = new Refused(tenant is not null && Tenancy.IsValidTenantId(tenant) ? tenant : null, name ?? "", subject ?? "",
                claims.FindFirstValue(sso.EmailClaim));
            context.Response.Redirect($"{NoAccessPath}?who={Uri.EscapeDataString(Protector(services).Protect(JsonSerializer.Serialize(refused), TimeSpan.FromMinutes(10)))}");
            context.HandleResponse();
            return;
        }
        context.Principal = WebAuth.PrincipalForPerson(tenant!, grant);
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        context.Properties!.IssuedUtc = now;
        context.Properties.ExpiresUtc = now + WebAuth.SessionLength;
        context.Properties.IsPersistent = false;
        context.Properties.AllowRefresh = false;
    }

    /// <summary>The refusal as the no-access page reads it: sealed, so that no one can ask that page about another person or
    /// list another municipality's office by editing the address; null when absent, forged or older than ten minutes.</summary>
    public static Refused? ReadRefusal(IServiceProvider services, string? who)
    {
        if (string.IsNullOrEmpty(who))
            return null;
        try
        {
            return JsonSerializer.Deserialize<Refused>(Protector(services).Unprotect(who));
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return null;
        }
    }

    private static ITimeLimitedDataProtector Protector(IServiceProvider services) =>
        services.GetRequiredService<IDataProtectionProvider>().CreateProtector(NoAccessPurpose).ToTimeLimitedDataProtector();

    public static WebApplication MapDxSingleSignOn(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (!app.Services.GetRequiredService<SignInMode>().SingleSignOn)
            return app;
        app.MapGet(ChallengePath, (string? returnUrl, HttpContext http) =>
            TypedResults.Challenge(new AuthenticationProperties { RedirectUri = returnUrl is { Length: > 0 } && IsLocal(returnUrl) ? returnUrl : "/" }, [Scheme]))
            .AllowAnonymous().ExcludeFromDescription();
        return app;
    }

    private static bool IsLocal(string url) => url.StartsWith('/') && !url.StartsWith("//", StringComparison.Ordinal) && !url.StartsWith("/\\", StringComparison.Ordinal);
}
