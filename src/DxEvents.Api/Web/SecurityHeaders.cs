using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace DxEvents.Api.Web;

/// <summary>
/// What a browser is told about the site, and what the service believes of a TLS-terminating proxy in front of it.
/// </summary>
public static class SecurityHeaders
{
    /// <summary>Pages have no script at all; styles come from /web/site.css. The status meters set their width in a style
    /// attribute (style-src-attr), which can run no code. Forms post to the service only.</summary>
    public const string ContentSecurityPolicy =
        "default-src 'none'; style-src 'self'; style-src-attr 'unsafe-inline'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    public static void AddDxSecurity(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<ForwardedHeadersOptions>(o =>
        {
            // The scheme and the client's address as the proxy saw them: a request that reached the proxy over HTTPS gets
            // Secure cookies and HSTS. The host stays the request's own Host header (a proxy passes it on), so that a
            // forged X-Forwarded-Host cannot change where the service sends people.
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            // Only a proxy the deployment names is believed (loopback by default); DXEVENTS_PROXIES lists addresses or
            // networks, e.g. "10.0.0.0/8,192.168.1.5".
            if (configuration["DXEVENTS_PROXIES"] is { Length: > 0 } proxies)
            {
                foreach (var proxy in proxies.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                {
                    if (proxy.Contains('/', StringComparison.Ordinal))
                        o.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(proxy));
                    else
                        o.KnownProxies.Add(IPAddress.Parse(proxy));
                }
            }
        });
        // A year; subdomains are left alone, since a municipality's other services may live under the same domain.
        services.AddHsts(o => o.MaxAge = TimeSpan.FromDays(365));
    }

    /// <summary>First in the pipeline: everything after it sees the scheme the person used.</summary>
    public static WebApplication UseDxSecurity(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseForwardedHeaders();
        // HSTS goes out over HTTPS only (and never for localhost), so development over plain HTTP is untouched.
        app.UseHsts();
        app.Use((http, next) =>
        {
            if (WebSetup.IsPage(http))
            {
                http.Response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
                http.Response.Headers.XContentTypeOptions = "nosniff";
                http.Response.Headers["Referrer-Policy"] = "same-origin";
            }
            return next(http);
        });
        return app;
    }
}
