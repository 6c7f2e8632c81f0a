using System.Globalization;
using DxEvents.Api.Infrastructure;
using JasperFx.Events;

namespace DxEvents.Api.Commands;

/// <summary>
/// If-Match on the version of the stream a command changes. Wolverine reads an expected version only from the route,
/// the query or the body; the ETag travels in a header, so the check runs here, right after the stream is fetched
/// under its lock: nothing can move the stream between this check and the append.
/// </summary>
public static class IfMatch
{
    public static void Check<T>(HttpContext http, IEventStream<T> stream) where T : class
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(stream);
        CommandTelemetry.Tag(http, "dxevents.stream", stream.Key);
        if (Expected(http.Request) is { } expected && expected != stream.CurrentVersion)
            throw new PreconditionFailedException(expected, stream.CurrentVersion ?? 0);
    }

    public static long? Expected(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var header = request.Headers.IfMatch.ToString();
        // "*" (RFC 9110) asks only that the thing exists, which Decide checks anyway.
        if (header.Length == 0 || header.Trim() == "*")
            return null;
        var text = header.Trim().TrimStart('W', '/').Trim('"');
        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var version)
            ? version
            : throw new BadRequestException(400, "Malformed If-Match", [new FieldText("", new MalformedIfMatch())]);
    }
}
