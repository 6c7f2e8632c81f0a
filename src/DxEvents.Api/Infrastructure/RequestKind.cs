namespace DxEvents.Api.Infrastructure;

/// <summary>Which of the service's two faces a request is for: the API (with its documents and health), or the pages.
/// Errors are told differently to each (problem details, or a page in Japanese).</summary>
public static class RequestKind
{
    /// <summary>A request for a page (or its stylesheet), not for the API, its documents or health.</summary>
    public static bool IsPage(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        var path = http.Request.Path;
        return !(path.StartsWithSegments("/api") || path.StartsWithSegments("/openapi") || path.StartsWithSegments("/docs") || path.StartsWithSegments("/health"));
    }
}
