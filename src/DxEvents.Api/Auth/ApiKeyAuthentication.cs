using System.Security.Claims;
using System.Text.Encodings.Web;
using DxEvents.Api.Infrastructure;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace DxEvents.Api.Auth;

public sealed class ApiKeyAuthentication(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, ApiKeys keys, IProblemDetailsService problems)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string TenantClaim = "dxevents:tenant";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            return AuthenticateResult.NoResult();
        var identity = await keys.FindAsync(header["Bearer ".Length..].Trim(), Context.RequestAborted);
        if (identity is null)
            return AuthenticateResult.Fail("Unknown or revoked API key.");
        var principal = new ClaimsPrincipal(new ClaimsIdentity(
        [
            new Claim(ClaimTypes.Name, identity.Name),
            new Claim(ClaimTypes.Role, identity.Role),
            new Claim(TenantClaim, identity.TenantId),
        ], SchemeName));
        return AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.Headers.WWWAuthenticate = "Bearer";
        return Write(StatusCodes.Status401Unauthorized, "Authentication required", new AuthenticationRequired());
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        Write(StatusCodes.Status403Forbidden, "Not allowed for this role", new RoleNotAllowed(Context.User.FindFirstValue(ClaimTypes.Role)));

    private async Task Write(int status, string title, DxEvents.Domain.Texts.Text detail)
    {
        Response.StatusCode = status;
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails = ProblemMapper.Problem(status, title, detail, []),
        });
    }
}

public static class TenantAccess
{
    /// <summary>The identity provider's stable id of a person signed in on the pages (absent for keys).</summary>
    public const string SubjectClaim = "dxevents:subject";

    /// <summary>The actor recorded with every event: a key's name, or a person's display name with their stable id, since
    /// names change and two people may share one.</summary>
    public static string Actor(this HttpContext http) => Actor(http.User);

    public static string Actor(ClaimsPrincipal user) =>
        (user?.FindFirstValue(ClaimTypes.Name) ?? "unknown") + (user?.FindFirstValue(SubjectClaim) is { } subject ? $"（{subject}）" : "");
}
