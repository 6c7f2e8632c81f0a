using System.Diagnostics;
using DxEvents.Api.Auth;
using DxEvents.Api.EventStore;
using DxEvents.Api.Infrastructure;
using DxEvents.Domain;
using DxEvents.Domain.Input;
using DxEvents.Domain.Texts;
using JasperFx.Events;
using Marten;
using Microsoft.AspNetCore.Mvc;

namespace DxEvents.Api.Commands;

/// <summary>
/// The one record a command leaves, whether it came as an API request or a page's form: its metadata on every event the
/// session appends (actor, reason, correlation, causation, warnings, the request's id) and, under a key, the key's record
/// in the same commit, so that both commit or neither. The two paths differ only in what a request's fingerprint covers:
/// a JSON body, or a form's values and files.
/// </summary>
public static class CommandRecord
{
    public const string CorrelationHeader = "X-Correlation-Id";

    /// <summary>Stamps and keeps the record; the events the session appends, in order.</summary>
    /// <param name="key">The Idempotency-Key or the form's submission key; none: nothing is kept but the metadata.</param>
    public static IReadOnlyList<IEvent> Keep(HttpContext http, IDocumentSession session, string? key, string fingerprint, AnswerShape answer,
        string? reason, IReadOnlyList<string> warnings)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(session);
        var correlation = http.Request.Headers[CorrelationHeader].ToString();
        Envelopes.Stamp(session, new EventMetadata(
            http.Actor(),
            reason,
            correlation.Length > 0 ? correlation : Activity.Current?.TraceId.ToString() ?? http.TraceIdentifier,
            key ?? http.TraceIdentifier,
            warnings.Count > 0 ? [.. warnings] : null), http.TraceIdentifier);
        var appended = session.PendingChanges.Streams().SelectMany(s => s.Events).ToList();
        if (key is not null)
            session.Insert(new IdempotencyRecord { Key = key, RequestHash = fingerprint, Answer = answer, EventIds = [.. appended.Select(e => e.Id)] });
        return appended;
    }

    /// <summary>A correlation id longer than a line or with a control character: 400 naming the header, before anything is
    /// stored (it is kept on every event the command appends).</summary>
    public static ProblemDetails? CorrelationProblem(HttpContext http) =>
        CorrelationError(http) is { } error ? ProblemMapper.Problem(400, "Invalid X-Correlation-Id", [new FieldText("/" + CorrelationHeader, error)]) : null;

    /// <summary>What is wrong with the request's correlation id, or null when it has none or a good one.</summary>
    public static Text? CorrelationError(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        return http.Request.Headers[CorrelationHeader].ToString() is { Length: > 0 } id && !Bounds.IsLine(id)
            ? new MalformedCorrelationId(Bounds.LineLength)
            : null;
    }
}
