using System.Globalization;
using DxEvents.Domain.Input;
using System.Text.Json;
using DxEvents.Api.Infrastructure;
using DxEvents.Api.Plans;
using DxEvents.Domain;
using DxEvents.Domain.Reports;
using DxEvents.Api.EventStore;
using JasperFx.Events;

namespace DxEvents.Api.Audit;

public sealed record AuditMetadata(string Actor, string? Reason, string? CorrelationId, string? CausationId, IReadOnlyList<string>? Warnings);

/// <summary>One stored event as an auditor reads it: the data exactly as stored, and its metadata. Links are given
/// in a stream's history: a correction's figure (by sequence) and the corrections of a figure.</summary>
public sealed record AuditEvent(
    long Sequence,
    string StreamId,
    string? StreamType,
    long Version,
    string Type,
    JsonElement Data,
    AuditMetadata Metadata,
    DateTimeOffset RecordedAt,
    FigureLink? Links)
{
    public static AuditEvent Of(IEvent e, FigureLink? links = null)
    {
        ArgumentNullException.ThrowIfNull(e);
        var metadata = Envelopes.Metadata(e);
        var stream = e.StreamKey ?? "";
        return new AuditEvent(e.Sequence, stream, StreamIds.TypeOf(stream), e.Version, e.EventTypeName, DataOf(e),
            new AuditMetadata(metadata.Actor, metadata.Reason, metadata.CorrelationId, metadata.CausationId, metadata.Warnings),
            e.Timestamp, links);
    }

    /// <summary>The event's data in the store's JSON dialect (camelCase, Japanese as UTF-8).</summary>
    public static JsonElement DataOf(IEvent e) => JsonSerializer.SerializeToElement(e.Data, e.Data.GetType(), EventCatalog.JsonOptions);
}

/// <summary>
/// The audit filters (docs/api.md), read once for the page and the export. stream selects that stream and every stream below
/// it (plan/mima-dx = the whole plan); type is one or more event types (repeated or comma-separated); from and to are
/// instants, or dates meaning the start (from) and the end (to) of that day in Japan; both bounds are inclusive.
/// </summary>
public static class AuditQuery
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1000;

    public static EventFilter Filter(string? stream, string[]? type, string? actor, string? from, string? to)
    {
        var types = (type ?? []).SelectMany(t => t.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).Distinct().ToList();
        var unknown = types.Where(t => !EventCatalog.EventTypeNames.Contains(t)).ToList();
        if (unknown.Count > 0)
            throw Invalid("/type", new UnknownEventTypes(unknown, [.. EventCatalog.EventTypeNames.Order(StringComparer.Ordinal)]));
        var (start, end) = (from is null ? (DateTimeOffset?)null : Start(from), to is null ? (DateTimeOffset?)null : PlanReads.ParseInstant(to, "to"));
        if (start > end)
            throw Invalid("/to", new PeriodReversed("from", "to", MayEqual: true));
        return new EventFilter
        {
            StreamPrefix = string.IsNullOrEmpty(stream) ? null : stream.TrimEnd('/'),
            EventTypes = types.Count > 0 ? types : null,
            Actor = string.IsNullOrEmpty(actor) ? null : actor,
            RecordedFrom = start,
            RecordedUntil = end,
        };
    }

    public static long After(string? after) =>
        after is null ? 0
        : long.TryParse(after, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value
        : throw Invalid("/after", new NotASequence());

    public static int Limit(string? limit) =>
        limit is null ? DefaultLimit
        : int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value is >= 1 and <= MaxLimit ? value
        : throw Invalid("/limit", new LimitOutOfRange(MaxLimit, DefaultLimit));

    public static string Format(string? format) =>
        format is null or "json" or "csv" ? format ?? "json" : throw Invalid("/format", new FormatChoice());

    public static BadRequestException Invalid(string pointer, DxEvents.Domain.Texts.Text detail) => new(400, "Invalid query", [new FieldText(pointer, detail)]);

    private static DateTimeOffset Start(string text) =>
        !DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
            ? PlanReads.ParseInstant(text, "from")
            : Bounds.IsSupportedDay(day) ? new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.FromHours(9))
            : throw PlanReads.OutOfRange("from");

    /// <summary>A stream id as the audit reads it: what StreamIds makes (plan/{id}/kpi/{id} …), never empty.</summary>
    // A generated client escapes the slashes of a path value (OpenAPI has no reserved expansion for one): both spellings name the stream.
    public static string StreamId(string? streamId) =>
        streamId?.Replace("%2F", "/", StringComparison.OrdinalIgnoreCase) is { Length: > 0 and <= 200 } id && id.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-' or '/')
            ? id
            : throw Invalid("/streamId", new NotAStreamId());
}
