using System.Text.Json;
using DxEvents.Domain;
using JasperFx.Events;
using Marten;

namespace DxEvents.Api.EventStore;

/// <summary>
/// Between Marten's events and the domain's envelopes. The actor is Marten's user name; reason, warnings and the
/// request id travel as headers, so that an auditor reading mt_events finds them beside the event.
/// </summary>
public static class Envelopes
{
    public const string ReasonHeader = "reason";
    public const string WarningsHeader = "warnings";
    public const string RequestIdHeader = "requestId";

    public static EventEnvelope From(IEvent e) =>
        new(e.Sequence, e.StreamKey ?? "", e.Version, (IDomainEvent)e.Data, Metadata(e), e.Timestamp);

    public static EventMetadata Metadata(IEvent e) => new(
        e.UserName ?? "",
        Text(e.GetHeader(ReasonHeader)),
        e.CorrelationId,
        e.CausationId,
        Warnings(e.GetHeader(WarningsHeader)));

    /// <summary>An event read from an export bundle (dxevents-chain/2: Marten's columns), for the offline replay.</summary>
    public static EventEnvelope FromChainRecord(DxEvents.Integrity.ChainRecord r)
    {
        ArgumentNullException.ThrowIfNull(r);
        using var metadata = JsonDocument.Parse(r.Metadata);
        var m = metadata.RootElement;
        var headers = m.TryGetProperty("headers", out var h) && h.ValueKind == JsonValueKind.Object ? h : default;
        string? Get(JsonElement o, string name) => o.ValueKind == JsonValueKind.Object && o.TryGetProperty(name, out var v) ? Text(v) : null;
        var warnings = headers.ValueKind == JsonValueKind.Object && headers.TryGetProperty(WarningsHeader, out var w) ? Warnings(w) : null;
        return new EventEnvelope(r.Sequence, r.StreamId, r.Version, EventCatalog.Deserialize(r.EventType, r.Data),
            new EventMetadata(Get(m, "userName") ?? "", Get(headers, ReasonHeader), Get(m, "correlationId"), Get(m, "causationId"), warnings),
            r.RecordedAt);
    }

    /// <summary>Stamps the session's metadata on everything it appends.</summary>
    public static void Stamp(IDocumentSession session, EventMetadata metadata, string? requestId = null)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(metadata);
        session.LastModifiedBy = metadata.Actor;
        session.CorrelationId = metadata.CorrelationId;
        session.CausationId = metadata.CausationId;
        if (metadata.Reason is { } reason)
            session.SetHeader(ReasonHeader, reason);
        if (metadata.Warnings is { Count: > 0 } warnings)
            session.SetHeader(WarningsHeader, warnings.ToArray());
        if (requestId is not null)
            session.SetHeader(RequestIdHeader, requestId);
    }

    // Headers come back from jsonb as JsonElement; in the same session they are still the values set.
    private static string? Text(object? value) => value switch
    {
        null => null,
        string s => s,
        JsonElement { ValueKind: JsonValueKind.String } j => j.GetString(),
        JsonElement { ValueKind: JsonValueKind.Null } => null,
        _ => value.ToString(),
    };

    private static IReadOnlyList<string>? Warnings(object? value) => value switch
    {
        null => null,
        IEnumerable<string> list => list.ToList(),
        JsonElement { ValueKind: JsonValueKind.Array } j => j.EnumerateArray().Select(x => x.GetString() ?? "").ToList(),
        _ => null,
    };
}
