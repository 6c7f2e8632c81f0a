using System.Diagnostics.Metrics;
using Microsoft.AspNetCore.Http.Features;

namespace DxEvents.Api.Commands;

/// <summary>DxEvents' own command figures; the spans are ASP.NET Core's request span (tagged here), Wolverine's and Marten's.</summary>
public static class CommandTelemetry
{
    public static readonly Meter Meter = new("DxEvents.Commands");
    private static readonly Counter<long> Outcomes = Meter.CreateCounter<long>("dxevents.commands", "{command}",
        "Commands by outcome: accepted, replayed (Idempotency-Key), conflict (409/412), refused (a rule or bad input)");

    /// <summary>The command's name: its endpoint's operation id (RecordKpiFigure …), or null outside a command. The
    /// exception handler runs with the endpoint cleared, so the name is also kept with the request once known.</summary>
    public static string? Command(HttpContext http) =>
        http?.Features.Get<CommandRequest>()?.Command ?? http?.GetEndpoint()?.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName;

    /// <summary>Tags the request's span with what an operator searches by.</summary>
    public static void Tag(HttpContext http, string name, object? value) =>
        http?.Features.Get<IHttpActivityFeature>()?.Activity.SetTag(name, value);

    public static void Count(HttpContext http, string outcome)
    {
        if (http is null || http.Request.Method != HttpMethods.Post || Command(http) is not { } command)
            return;
        Outcomes.Add(1, new KeyValuePair<string, object?>("command", command), new KeyValuePair<string, object?>("outcome", outcome));
    }
}

/// <summary>The municipality and command of a request, kept as a feature once the command's endpoint starts.</summary>
public sealed record CommandRequest(string Tenant, string? Command);
