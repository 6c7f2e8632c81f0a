using System.Globalization;
using System.Text.Json;
using DxEvents.Api.EventStore;
using DxEvents.Api.Infrastructure;
using DxEvents.Domain;
using JasperFx.Events;

namespace DxEvents.Api.Commands;

/// <summary>What a successful write answers: the stream's new version (also the ETag) and the events it added.</summary>
public sealed record CommandAccepted(string StreamId, long Version, IReadOnlyList<AcceptedEvent> Events, IReadOnlyList<FieldProblem> Warnings);

public sealed record AcceptedEvent(long Sequence, string Type, DateTimeOffset RecordedAt);

public sealed record PlanImported(string PlanId, int Events, IReadOnlyList<FieldProblem> Warnings);

/// <summary>
/// A command's answer, returned by its endpoint before anything is committed and written after the commit, when the
/// events it answers with have their sequence numbers. Its shape is also what the Idempotency-Key keeps.
/// </summary>
public sealed class CommandAnswer(AnswerShape shape, string? reason, IReadOnlyList<string>? storedWarnings = null) : IResult
{
    private IReadOnlyList<IEvent> _events = [];

    public AnswerShape Shape => shape;

    /// <summary>The warnings as the events' metadata keeps them (in Japanese; the answer has them in the request's language).</summary>
    public IReadOnlyList<string> StoredWarnings => storedWarnings ?? [];

    /// <summary>The reason recorded with the events (a header beside each of them).</summary>
    public string? Reason => reason;

    /// <summary>The answer for a command on one stream; the stream's new version is its ETag.</summary>
    public static CommandAnswer Of<T>(IEventStream<T> stream, string? reason = null, IReadOnlyList<FieldText>? warnings = null)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(stream);
        var language = RequestLanguage.Current;
        return new(new AnswerShape { StreamId = stream.Key ?? "", Warnings = [.. (warnings ?? []).Select(w => w.In(language))] }, reason,
            [.. (warnings ?? []).Select(w => w.Stored)]);
    }

    /// <summary>Called just before the commit with every event the session appends.</summary>
    public void Bind(IReadOnlyList<IEvent> events) => _events = events;

    public Task ExecuteAsync(HttpContext httpContext) => Respond(shape, _events).WriteAsync(httpContext, replayed: false);

    /// <summary>The answer, from its shape and its committed events: the same bytes the first time and on a retry.</summary>
    public static StoredAnswer Respond(AnswerShape shape, IReadOnlyList<IEvent> events)
    {
        ArgumentNullException.ThrowIfNull(shape);
        var ordered = events.OrderBy(e => e.Sequence).ToList();
        var version = ordered.Where(e => e.StreamKey == shape.StreamId).Select(e => e.Version).DefaultIfEmpty(0).Max();
        object answer = shape.Kind == AnswerShape.Import
            ? new PlanImported(shape.PlanId ?? "", ordered.Count, shape.Warnings)
            : new CommandAccepted(shape.StreamId, version,
                ordered.Select(e => new AcceptedEvent(e.Sequence, e.EventTypeName, e.Timestamp)).ToList(), shape.Warnings);
        return new StoredAnswer(shape.Status, ETagOf(version), shape.Location, JsonSerializer.Serialize(answer, answer.GetType(), EventCatalog.JsonOptions));
    }

    public static string ETagOf(long version) => $"\"{version.ToString(CultureInfo.InvariantCulture)}\"";
}

/// <summary>An answer as bytes: the first time, and the same bytes on every retry with the same Idempotency-Key.</summary>
public sealed record StoredAnswer(int Status, string? ETag, string? Location, string Body)
{
    public async Task WriteAsync(HttpContext http, bool replayed)
    {
        ArgumentNullException.ThrowIfNull(http);
        http.Response.StatusCode = Status;
        if (ETag is { } etag)
            http.Response.Headers.ETag = etag;
        if (Location is { } location)
            http.Response.Headers.Location = location;
        if (replayed)
            http.Response.Headers["Idempotent-Replayed"] = "true";
        http.Response.ContentType = "application/json; charset=utf-8";
        CommandTelemetry.Count(http, replayed ? "replayed" : "accepted");
        await http.Response.WriteAsync(Body, http.RequestAborted);
    }
}
