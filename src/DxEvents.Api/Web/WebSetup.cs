using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using DxEvents.Api.Audit;
using DxEvents.Api.Auth;
using DxEvents.Api.EventStore;
using DxEvents.Api.Infrastructure;
using DxEvents.Api.Integrity;
using Microsoft.AspNetCore.Authentication.Cookies;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.WebEncoders;

namespace DxEvents.Api.Web;

/// <summary>
/// The server-rendered pages (Razor Pages, no JavaScript): sign-in with an API key exchanged for a cookie session, the
/// headquarters' status pages and the auditors' history. They read through the same application code as the API
/// (PlanViews, StatusRule, HeadquartersRollup, PlanChanges, EventReads, ChainReads), never through HTTP. The cookie
/// scheme serves the pages only: /api keeps its bearer keys, so a page's cookie never authorizes an API call.
/// </summary>
public static class WebSetup
{
    public static WebApplicationBuilder AddDxWeb(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddAuthentication().AddCookie(WebAuth.Scheme, WebAuth.ConfigureCookie);
        services.AddSingleton<WebSessions>();
        services.AddOptions<CookieAuthenticationOptions>(WebAuth.Scheme).Configure<WebSessions>(WebSessions.Configure);
        services.AddDxDataProtection(builder.Configuration, builder.Configuration["DXEVENTS_DB"]
            ?? throw new InvalidOperationException("Set DXEVENTS_DB to a PostgreSQL connection string."));
        services.AddDxSecurity(builder.Configuration);
        builder.AddDxSingleSignOn();
        services.PostConfigure<AuthorizationOptions>(WebAuth.AddPolicies);
        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "dxevents.antiforgery";
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        });
        services.AddRazorPages(o =>
        {
            o.RootDirectory = "/Web/Pages";
            o.Conventions.AuthorizeFolder("/", WebAuth.ReadPolicy);
            o.Conventions.AuthorizeFolder("/Audit", WebAuth.AuditPolicy);
            o.Conventions.AuthorizeFolder("/Record", WebAuth.RecordPolicy);
            o.Conventions.AuthorizeFolder("/Office", WebAuth.OfficePolicy);
            o.Conventions.AllowAnonymousToPage("/SignIn");
            o.Conventions.AllowAnonymousToPage("/NoAccess");
            o.Conventions.AllowAnonymousToPage("/Error");
            // Published by each municipality's office or answered 404: see Pages/Residents/ResidentsPageModel.
            o.Conventions.AllowAnonymousToFolder("/Residents");
            o.Conventions.AddFolderApplicationModelConvention("/Residents", m => m.EndpointMetadata.Add(new EnableRateLimitingAttribute(ResidentsLimit)));
        });
        AddResidentsLimit(services, builder.Configuration);
        services.AddScoped<WebReads>();
        services.AddSingleton<PageCommands>();
        // Japanese as UTF-8, not as character references: Razor's encoder otherwise writes every character outside Basic Latin
        // as &#x…; (8 bytes where UTF-8 takes 3). Markup characters are encoded all the same.
        services.Configure<WebEncoderOptions>(o => o.TextEncoderSettings = new TextEncoderSettings(UnicodeRanges.All));
        return builder;
    }

    /// <summary>Errors with nothing to show: the API's as problem details, a page's as a page in Japanese (re-executed at
    /// /error/{status}; an exception on a page as 500, or 503 when the database is out of reach or the history not settled).</summary>
    public static WebApplication UseDxErrorPages(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseWhen(IsPage, page => page
            .UseExceptionHandler(new ExceptionHandlerOptions
            {
                ExceptionHandlingPath = "/error/500",
                // A query value a page cannot read (until=garbage) is the reader's 400, as on the API, not a failure.
                StatusCodeSelector = e => e is BadRequestException { Status: >= 400 and < 500 } bad ? bad.Status
                    : e is HistoryNotSettledException || ProblemMapper.IsDatabaseUnavailable(e)
                    ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status500InternalServerError,
            })
            .UseStatusCodePagesWithReExecute("/error/{0}"));
        app.UseWhen(http => !IsPage(http), api => api.UseStatusCodePages());
        return app;
    }

    public static bool IsPage(HttpContext http) => RequestKind.IsPage(http);

    /// <summary>The rate-limiting policy of the pages for residents, the only pages anyone may read without signing in.</summary>
    public const string ResidentsLimit = "residents";

    /// <summary>Reads of the pages for residents per client address and minute (DXEVENTS_RESIDENTS_PER_MINUTE; 0: no limit).</summary>
    public const string ResidentsPerMinuteSetting = "DXEVENTS_RESIDENTS_PER_MINUTE";

    /// <summary>
    /// Anyone may read the pages for residents, and each read reads the municipality's history: without a limit, one client
    /// could keep the database busy for everyone. ASP.NET Core's rate limiter holds each client address (the proxy's
    /// X-Forwarded-For when DXEVENTS_PROXIES names the proxy) to a fixed window; past it the answer is 429 with Retry-After,
    /// shown as a Japanese page. Signed-in pages and the API are not limited: their callers are known and revocable.
    /// </summary>
    private static void AddResidentsLimit(IServiceCollection services, IConfiguration configuration)
    {
        var perMinute = int.TryParse(configuration[ResidentsPerMinuteSetting], out var n) ? Math.Max(0, n) : 120;
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.AddPolicy(ResidentsLimit, http => perMinute == 0
                ? RateLimitPartition.GetNoLimiter("")
                : RateLimitPartition.GetFixedWindowLimiter(http.Connection.RemoteIpAddress?.ToString() ?? "", _ =>
                    new FixedWindowRateLimiterOptions { PermitLimit = perMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
            o.OnRejected = (rejected, _) =>
            {
                if (rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after))
                    rejected.HttpContext.Response.Headers.RetryAfter = ((int)Math.Ceiling(after.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                return ValueTask.CompletedTask;
            };
        });
    }

    public static WebApplication MapDxWeb(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapRazorPages();
        app.MapDxSingleSignOn();
        app.MapGet("/web/site.css", Stylesheet.Serve).AllowAnonymous().ExcludeFromDescription();
        // The bundle download for auditors signed in on the pages: the API's own export, the municipality from the session.
        app.MapGet("/audit/export", (HttpContext http, string? until, ChainReads chain, EventReads reads, TimeProvider clock, CancellationToken ct) =>
                ExportEndpoint.Export(WebAuth.TenantOf(http.User), until, chain, reads, clock, ct))
            .RequireAuthorization(WebAuth.AuditPolicy).ExcludeFromDescription();
        return app;
    }
}

/// <summary>The one stylesheet, compiled into the assembly: no front-end build step, no static-file folder to deploy.</summary>
internal static class Stylesheet
{
    private static readonly Lazy<byte[]> Css = new(() =>
    {
        using var stream = typeof(Stylesheet).Assembly.GetManifestResourceStream("DxEvents.Api.Web.site.css")
            ?? throw new InvalidOperationException("The stylesheet is not embedded.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    });

    public static IResult Serve(HttpContext http)
    {
        http.Response.Headers.CacheControl = "public, max-age=3600";
        return TypedResults.Bytes(Css.Value, "text/css; charset=utf-8");
    }
}
