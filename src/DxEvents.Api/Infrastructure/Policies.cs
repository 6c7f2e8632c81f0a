using System.Security.Claims;
using DxEvents.Api.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;

namespace DxEvents.Api.Infrastructure;

/// <summary>The role matrix (README, docs/design.md), one policy per kind of right; every policy also asks for the key's own municipality.</summary>
public static class Policies
{
    public const string Office = "office";
    public const string Record = "record";
    public const string Read = "read";
    public const string Audit = "audit";

    public static void Add(AuthorizationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.DefaultPolicy = new AuthorizationPolicyBuilder().RequireAuthenticatedUser().AddRequirements(new OwnMunicipality()).Build();
        options.AddPolicy(Office, p => p.RequireRole(Roles.Office).AddRequirements(new OwnMunicipality()));
        options.AddPolicy(Record, p => p.RequireRole(Roles.Recorder, Roles.Office).AddRequirements(new OwnMunicipality()));
        options.AddPolicy(Read, p => p.RequireRole(Roles.Recorder, Roles.Office, Roles.Auditor, Roles.Headquarters).AddRequirements(new OwnMunicipality()));
        options.AddPolicy(Audit, p => p.RequireRole(Roles.Auditor, Roles.Office).AddRequirements(new OwnMunicipality()));
    }
}

/// <summary>The municipality in the route is the key's own.</summary>
public sealed class OwnMunicipality : AuthorizationHandler<OwnMunicipality>, IAuthorizationRequirement
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, OwnMunicipality requirement)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Resource is HttpContext http && http.GetRouteValue("tenant") is string tenant
            && context.User.FindFirstValue(ApiKeyAuthentication.TenantClaim) == tenant)
            context.Succeed(requirement);
        return Task.CompletedTask;
    }
}

/// <summary>Another municipality's resources do not exist for this key: 404, not 403, so nothing leaks (not even its roles).</summary>
public sealed class OtherMunicipalityIsNotFound(IProblemDetailsService problems) : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(authorizeResult);
        if (authorizeResult.Forbidden && authorizeResult.AuthorizationFailure?.FailedRequirements.OfType<OwnMunicipality>().Any() == true)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            await problems.WriteAsync(new ProblemDetailsContext
            {
                HttpContext = context,
                ProblemDetails = ProblemMapper.Problem(404, "Not found", new MunicipalityNotFound(context.GetRouteValue("tenant") as string), []),
            });
            return;
        }
        await _default.HandleAsync(next, context, policy, authorizeResult);
    }
}
