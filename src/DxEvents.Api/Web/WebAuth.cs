using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using DxEvents.Api.Auth;
using DxEvents.Api.Infrastructure;
using Marten;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Diagnostics;

namespace DxEvents.Api.Web;

/// <summary>
/// Sign-in on the pages: an API key, checked by <see cref="ApiKeys"/> as the API checks a bearer key, exchanged for a
/// cookie session (HttpOnly, SameSite=Strict, Secure over HTTPS, 8 hours at most) kept on the server (<see cref="WebSessions"/>):
/// the cookie names the session only, and signing out deletes it. The session carries the key's
/// municipality, role and name, and the SHA-256 of the key (its stored id, never the key): every request re-reads that
/// stored key, so revoking it ends the session too. The rights are the API's own policies, read from one place.
/// </summary>
public static class WebAuth
{
    public const string Scheme = "WebSession";
    public const string ReadPolicy = "web:" + Policies.Read;
    public const string AuditPolicy = "web:" + Policies.Audit;
    public const string RecordPolicy = "web:" + Policies.Record;
    public const string OfficePolicy = "web:" + Policies.Office;
    public static readonly TimeSpan SessionLength = TimeSpan.FromHours(8);
    private const string KeyClaim = "dxevents:key";

    public static void ConfigureCookie(CookieAuthenticationOptions o)
    {
        ArgumentNullException.ThrowIfNull(o);
        o.Cookie.Name = "dxevents.session";
        o.Cookie.HttpOnly = true;
        o.Cookie.SameSite = SameSiteMode.Strict;
        o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        o.ExpireTimeSpan = SessionLength;
        o.SlidingExpiration = false;
        o.LoginPath = "/signin";
        o.LogoutPath = "/signout";
        o.AccessDeniedPath = "/denied";
        o.Events.OnValidatePrincipal = StillValidAsync;
    }

    /// <summary>The page policies are the API's (the same roles), authenticated by the session cookie instead of a bearer key.
    /// The API's municipality requirement compares the key with the route; a page's municipality is the key's own.</summary>
    public static void AddPolicies(AuthorizationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        foreach (var (web, api) in new[] { (ReadPolicy, Policies.Read), (AuditPolicy, Policies.Audit), (RecordPolicy, Policies.Record), (OfficePolicy, Policies.Office) })
        {
            var rights = options.GetPolicy(api) ?? throw new InvalidOperationException($"The API policy '{api}' is not registered.");
            options.AddPolicy(web, new AuthorizationPolicyBuilder(Scheme)
                .AddRequirements([.. rights.Requirements.Where(r => r is not OwnMunicipality)])
                .RequireClaim(ApiKeyAuthentication.TenantClaim).Build());
        }
    }

    /// <summary>Null when the key is unknown or revoked.</summary>
    public static async Task<ClaimsPrincipal?> PrincipalForKeyAsync(ApiKeys keys, string key, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(keys);
        if (await keys.FindAsync(key.Trim(), ct) is not { } identity)
            return null;
        return new ClaimsPrincipal(new ClaimsIdentity(
        [
            new Claim(ClaimTypes.Name, identity.Name),
            new Claim(ClaimTypes.Role, identity.Role),
            new Claim(ApiKeyAuthentication.TenantClaim, identity.TenantId),
            new Claim(KeyClaim, ApiKeys.Hash(key.Trim())),
            new Claim(WebSessions.HolderClaim, WebSessions.KeyHolder(ApiKeys.Hash(key.Trim()))),
        ], Scheme, ClaimTypes.Name, ClaimTypes.Role));
    }

    public static AuthenticationProperties SessionProperties(DateTimeOffset now) =>
        new() { IsPersistent = false, IssuedUtc = now, ExpiresUtc = now + SessionLength, AllowRefresh = false };

    public static string TenantOf(ClaimsPrincipal user) =>
        user?.FindFirstValue(ApiKeyAuthentication.TenantClaim) ?? throw new InvalidOperationException("The session names no municipality.");

    /// <summary>A person signed in through the identity provider, with the role their municipality's office granted.</summary>
    public static ClaimsPrincipal PrincipalForPerson(string tenant, PersonGrant grant)
    {
        ArgumentNullException.ThrowIfNull(grant);
        return new ClaimsPrincipal(new ClaimsIdentity(
        [
            new Claim(ClaimTypes.Name, grant.DisplayName),
            new Claim(ClaimTypes.Role, grant.Role),
            new Claim(ApiKeyAuthentication.TenantClaim, tenant),
            new Claim(TenantAccess.SubjectClaim, grant.Id),
            new Claim(WebSessions.HolderClaim, WebSessions.PersonHolder(grant.Id)),
        ], Scheme, ClaimTypes.Name, ClaimTypes.Role));
    }

    /// <summary>Every request re-checks the key or the grant behind the session: revoked, it ends here (a revocation also
    /// deletes the session itself, see <see cref="WebSessions"/>); a person given another role has it from this request on. A
    /// key's grant comes from the cache the API's keys use (<see cref="KeyGrantCache"/>: a revocation is heard at once).</summary>
    private static async Task StillValidAsync(CookieValidatePrincipalContext context)
    {
        var user = context.Principal;
        var (tenant, key, subject) = (user?.FindFirstValue(ApiKeyAuthentication.TenantClaim), user?.FindFirstValue(KeyClaim),
            user?.FindFirstValue(TenantAccess.SubjectClaim));
        var store = context.HttpContext.RequestServices.GetRequiredService<IDocumentStore>();
        string? role = null;
        if (tenant is not null && (key ?? subject) is not null)
        {
            try
            {
                if (key is not null)
                    role = await context.HttpContext.RequestServices.GetRequiredService<ApiKeys>().RoleOfAsync(tenant, key, context.HttpContext.RequestAborted);
                else
                {
                    await using var session = store.QuerySession(tenant);
                    role = (await session.LoadAsync<PersonGrant>(subject!, context.HttpContext.RequestAborted))?.Role;
                }
            }
            // The error page that says so is re-executed through this check too: shown without the session (which is kept,
            // not signed out) rather than failing again into the bare fallback answer.
            catch (Exception e) when (ProblemMapper.IsDatabaseUnavailable(e) && context.HttpContext.Features.Get<IExceptionHandlerFeature>() is not null)
            {
                context.RejectPrincipal();
                return;
            }
        }
        if (role is null)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(Scheme);
        }
        else if (role != user!.FindFirstValue(ClaimTypes.Role))
        {
            // The office gave the person another role: their next request has it, in the same session.
            var identity = new ClaimsIdentity(user!.Claims.Where(c => c.Type != ClaimTypes.Role).Append(new Claim(ClaimTypes.Role, role)),
                Scheme, ClaimTypes.Name, ClaimTypes.Role);
            context.ReplacePrincipal(new ClaimsPrincipal(identity));
            context.ShouldRenew = true;
        }
    }
}
