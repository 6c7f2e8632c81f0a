using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using DxEvents.Api.Auth;
using DxEvents.Api.EventStore;
using DxEvents.Api.Plans;
using DxEvents.Domain;
using JasperFx;
using JasperFx.Events;
using ExistingStreamIdCollisionException = Marten.Exceptions.ExistingStreamIdCollisionException;
using Marten;
using Microsoft.AspNetCore.Http.Features;


namespace DxEvents.Api.Infrastructure;

/// <summary>What a successful write answers: the stream's new version (also the ETag) and the events it added.</summary>
public sealed record CommandAccepted(string StreamId, long Version, IReadOnlyList<AcceptedEvent> Events, IReadOnlyList<FieldProblem> Warnings);

public sealed record AcceptedEvent(long Sequence, string Type, DateTimeOffset RecordedAt);

/// <summary>The answer to give, the same bytes the first time and on every retry with the same Idempotency-Key.</summary>
public sealed record IdempotentResponse(int Status, string? ETag, string? Location, string Body);

/// <summary>
/// The one path every command takes: FetchForWriting (Marten folds the stream) → Decide (pure) → append → inline
/// projections and the idempotency record in the same transaction → answer. Idempotency-Key and If-Match are
/// honoured here, once, for every endpoint.
/// </summary>
public sealed class CommandWorkflow(IDocumentStore store, TimeProvider clock)
{
    public static readonly ActivitySource Source = new("DxEvents.Api");
    public static readonly Meter Meter = new("DxEvents.Commands");
    private static readonly Counter<long> Outcomes = Meter.CreateCounter<long>("dxevents.commands", "{command}",
        "Commands by outcome: accepted, replayed (Idempotency-Key), conflict (409/412), refused (a rule or bad input)");
    private const int Attempts = 3;

    public DateTimeOffset Now => clock.GetUtcNow();

    /// <summary>A command on one stream.</summary>
    public Task<IResult> Execute<TStream>(
        HttpContext http, string tenant, RequestBody body, string command,
        string streamId,
        Func<TStream?, DateTimeOffset, IReadOnlyList<IDomainEvent>> decide,
        string? reason = null,
        IReadOnlyList<FieldProblem>? warnings = null,
        int status = StatusCodes.Status200OK) where TStream : class =>
        Run(http, tenant, body, command, Metadata(http, reason, warnings), ifMatch: true, retryOnConflict: true, prepare: async (session, expected, ct) =>
        {
            var fetched = expected is { } version
                ? await session.Events.FetchForWriting<TStream>(streamId, version, ct)
                : await session.Events.FetchForWriting<TStream>(streamId, ct);
            fetched.AppendMany(decide(fetched.Aggregate, clock.GetUtcNow()));
            return new AnswerShape { Status = status, StreamId = streamId, Warnings = [.. warnings ?? []] };
        });

    /// <summary>Idempotency, If-Match, retries on a concurrent change, and the command's span.</summary>
    public async Task<IResult> Run(
        HttpContext http, string tenant, RequestBody body, string command, EventMetadata metadata, bool ifMatch, bool retryOnConflict,
        Func<IDocumentSession, long?, CancellationToken, Task<AnswerShape>> prepare)
    {
        // The request's own span carries what an operator searches by; the command's span sits under it, Marten's under that.
        var request = http.Features.Get<IHttpActivityFeature>()?.Activity;
        request?.SetTag("dxevents.tenant", tenant);
        request?.SetTag("dxevents.command", command);
        using var activity = Source.StartActivity("command " + command);
        activity?.SetTag("dxevents.tenant", tenant);
        activity?.SetTag("dxevents.command", command);
        var outcome = "refused";
        try
        {
            var result = await RunAsync(http, tenant, body, metadata, ifMatch, retryOnConflict, prepare, request, activity);
            outcome = result.Replayed ? "replayed" : "accepted";
            return result;
        }
        catch (Exception e) when (e is StreamConflictException or PreconditionFailedException)
        {
            outcome = "conflict";
            throw;
        }
        finally
        {
            Outcomes.Add(1, new KeyValuePair<string, object?>("command", command), new KeyValuePair<string, object?>("outcome", outcome));
        }
    }

    private async Task<StoredResult> RunAsync(
        HttpContext http, string tenant, RequestBody body, EventMetadata metadata, bool ifMatch, bool retryOnConflict,
        Func<IDocumentSession, long?, CancellationToken, Task<AnswerShape>> prepare, Activity? request, Activity? activity)
    {
        var ct = http.RequestAborted;
        var key = http.Request.Headers["Idempotency-Key"].ToString();
        var fingerprint = Fingerprint(http.Request, body.Raw);
        if (key.Length > 0 && await Replay(tenant, key, fingerprint, ct) is { } earlier)
            return earlier;
        var expected = ifMatch ? ParseIfMatch(http.Request) : null;

        for (var attempt = 1; ; attempt++)
        {
            await using var session = store.LightweightSession(tenant);
            Envelopes.Stamp(session, metadata, http.TraceIdentifier);
            AnswerShape answer;
            try
            {
                answer = await prepare(session, expected, ct);
            }
            catch (Exception e) when (key.Length > 0 && e is DomainException or PreconditionFailedException or StreamConflictException or ConcurrencyException)
            {
                // A twin with the same key may have committed since the check above: its answer is this request's too.
                if (await Replay(tenant, key, fingerprint, ct) is { } twin)
                    return twin;
                throw Translate(e, expected);
            }
            catch (ConcurrencyException e)
            {
                throw Translate(e, expected);
            }

            request?.SetTag("dxevents.stream", answer.StreamId);
            activity?.SetTag("dxevents.stream", answer.StreamId);
            var appended = session.PendingChanges.Streams().SelectMany(s => s.Events).ToList();
            if (key.Length > 0)
                session.Insert(new IdempotencyRecord { Key = key, RequestHash = fingerprint, Answer = answer, EventIds = appended.Select(e => e.Id).ToList() });
            Exception conflict;
            try
            {
                await session.SaveChangesAsync(ct);
                activity?.SetTag("dxevents.events", appended.Count);
                return new StoredResult(Respond(answer, appended));
            }
            catch (Exception e) when (e is ConcurrencyException or ExistingStreamIdCollisionException)
            {
                conflict = e;
            }
            catch (DocumentAlreadyExistsException) when (key.Length > 0)
            {
                return await Replay(tenant, key, fingerprint, ct) ?? throw new InvalidOperationException("Idempotency record vanished.");
            }

            // The one who wrote first may be a twin with the same key: then its answer is this request's answer.
            if (key.Length > 0 && await Replay(tenant, key, fingerprint, ct) is { } first)
                return first;
            if (expected is not null || !retryOnConflict || attempt >= Attempts)
                throw Translate(conflict, expected);
            // Someone else wrote first: decide again on what is there now; Decide refuses what no longer fits.
            activity?.AddEvent(new ActivityEvent("retry after concurrent change"));
        }
    }

    // Marten's stale-version errors (EventStreamUnexpectedMaxEventIdException among them) are all ConcurrencyExceptions.
    private static Exception Translate(Exception e, long? expected) => e switch
    {
        ConcurrencyException when expected is { } wanted => new PreconditionFailedException(wanted, null),
        ConcurrencyException c => new StreamConflictException(c.Id?.ToString() ?? "", e),
        ExistingStreamIdCollisionException collision => new StreamConflictException(collision.Id?.ToString() ?? "", e),
        _ => e,
    };

    /// <summary>The answer, from its shape and its committed events: the same bytes the first time and on a retry.</summary>
    public static IdempotentResponse Respond(AnswerShape shape, IReadOnlyList<IEvent> events)
    {
        ArgumentNullException.ThrowIfNull(shape);
        var ordered = events.OrderBy(e => e.Sequence).ToList();
        var version = ordered.Where(e => e.StreamKey == shape.StreamId).Select(e => e.Version).DefaultIfEmpty(0).Max();
        object answer = shape.Kind == AnswerShape.Import
            ? new PlanImported(shape.PlanId ?? "", ordered.Count, shape.Warnings)
            : new CommandAccepted(shape.StreamId, version,
                ordered.Select(e => new AcceptedEvent(e.Sequence, e.EventTypeName, e.Timestamp)).ToList(), shape.Warnings);
        return new IdempotentResponse(shape.Status, ETagOf(version), shape.Location, JsonSerializer.Serialize(answer, answer.GetType(), EventCatalog.JsonOptions));
    }

    public static string ETagOf(long version) => $"\"{version.ToString(CultureInfo.InvariantCulture)}\"";

    public static EventMetadata Metadata(HttpContext http, string? reason, IReadOnlyList<FieldProblem>? warnings = null)
    {
        var correlation = http.Request.Headers["X-Correlation-Id"].ToString();
        var key = http.Request.Headers["Idempotency-Key"].ToString();
        return new EventMetadata(
            http.Actor(),
            reason,
            correlation.Length > 0 ? correlation : Activity.Current?.TraceId.ToString() ?? http.TraceIdentifier,
            key.Length > 0 ? key : http.TraceIdentifier,
            warnings is { Count: > 0 } ? warnings.Select(w => $"{w.Pointer}: {w.Detail}").ToList() : null);
    }

    private async Task<StoredResult?> Replay(string tenant, string key, string fingerprint, CancellationToken ct)
    {
        await using var session = store.QuerySession(tenant);
        if (await session.LoadAsync<IdempotencyRecord>(key, ct) is not { } stored)
            return null;
        if (stored.RequestHash != fingerprint)
            throw new BadRequestException(StatusCodes.Status422UnprocessableEntity, "Idempotency-Key reused",
                [new FieldProblem("", $"The Idempotency-Key '{key}' was already used for a different request; use a new key.")]);
        var ids = stored.EventIds.ToArray();
        var events = await session.Events.QueryAllRawEvents().Where(e => ids.Contains(e.Id)).ToListAsync(ct);
        return new StoredResult(Respond(stored.Answer, events), replayed: true);
    }

    private static long? ParseIfMatch(HttpRequest request)
    {
        var header = request.Headers.IfMatch.ToString();
        // "*" (RFC 9110) asks only that the thing exists, which Decide checks anyway.
        if (header.Length == 0 || header.Trim() == "*")
            return null;
        var text = header.Trim().TrimStart('W', '/').Trim('"');
        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var version)
            ? version
            : throw new BadRequestException(400, "Malformed If-Match", [new FieldProblem("", "If-Match must be the ETag of a previous answer, e.g. \"3\".")]);
    }

    private static string Fingerprint(HttpRequest request, byte[] body)
    {
        var head = Encoding.UTF8.GetBytes($"{request.Method} {request.Path}\n");
        return Convert.ToHexString(SHA256.HashData([.. head, .. body]));
    }

    /// <summary>Writes a stored answer: the first time, and the same bytes on every retry.</summary>
    private sealed class StoredResult(IdempotentResponse response, bool replayed = false) : IResult
    {
        public bool Replayed => replayed;

        public async Task ExecuteAsync(HttpContext http)
        {
            http.Response.StatusCode = response.Status;
            if (response.ETag is { } etag)
                http.Response.Headers.ETag = etag;
            if (response.Location is { } location)
                http.Response.Headers.Location = location;
            if (replayed)
                http.Response.Headers["Idempotent-Replayed"] = "true";
            http.Response.ContentType = "application/json; charset=utf-8";
            await http.Response.WriteAsync(response.Body, http.RequestAborted);
        }
    }
}
