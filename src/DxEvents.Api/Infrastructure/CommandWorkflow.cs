using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using DxEvents.Api.Auth;
using DxEvents.Domain;
using DxEvents.EventStore;
using Microsoft.Net.Http.Headers;

namespace DxEvents.Api.Infrastructure;

/// <summary>What a successful write answers: the stream's new version (also the ETag) and the events it added.</summary>
public sealed record CommandAccepted(string StreamId, long Version, IReadOnlyList<AcceptedEvent> Events, IReadOnlyList<FieldProblem> Warnings);

public sealed record AcceptedEvent(long Sequence, string Type, DateTimeOffset RecordedAt);

/// <summary>An append ready to go, with the answer to give once it commits.</summary>
public sealed record PreparedAppend(IReadOnlyList<StreamAppend> Streams, Func<AppendResult, IdempotentResponse> Respond);

/// <summary>
/// The one path every command takes: load the stream → fold → Decide (pure) → append with the
/// expected version → inline projections → answer. Idempotency-Key and If-Match are honoured here,
/// once, for every endpoint.
/// </summary>
public sealed class CommandWorkflow(EventStore.EventStore store, TimeProvider clock)
{
    public static readonly ActivitySource Source = new("DxEvents.Api");
    private const int Attempts = 3;

    public DateTimeOffset Now => clock.GetUtcNow();

    /// <summary>A command on one stream.</summary>
    public Task<IResult> Execute<TState>(
        HttpContext http, string tenant, RequestBody body, string command,
        (string Id, string Type) stream,
        Func<IEnumerable<IDomainEvent>, TState> fold,
        Func<TState, DateTimeOffset, IReadOnlyList<IDomainEvent>> decide,
        string? reason = null,
        IReadOnlyList<FieldProblem>? warnings = null,
        int status = StatusCodes.Status200OK) =>
        Run(http, tenant, body, command, ifMatchStream: stream.Id, retryOnConflict: true, prepare: async (expected, ct) =>
        {
            var history = await store.ReadStreamAsync(tenant, stream.Id, ct: ct);
            var version = history.Count == 0 ? 0 : history[^1].Version;
            if (expected is { } wanted && wanted != version)
                throw new PreconditionFailedException(wanted, version);
            var state = fold(history.Select(e => EventCodec.Decode(e).Event));
            var events = decide(state, clock.GetUtcNow());
            var metadata = Metadata(http, reason, warnings);
            var append = new StreamAppend(stream.Id, stream.Type, ExpectedVersion.Exactly(version), events.Select(e => EventCodec.Encode(e, metadata)).ToList());
            return new PreparedAppend([append], result => Answer(status, stream.Id, result, warnings ?? [], location: null));
        });

    /// <summary>Idempotency, If-Match, retries on a concurrent change, and the command's span.</summary>
    public async Task<IResult> Run(
        HttpContext http, string tenant, RequestBody body, string command, string? ifMatchStream, bool retryOnConflict,
        Func<long?, CancellationToken, Task<PreparedAppend>> prepare)
    {
        using var activity = Source.StartActivity("command " + command);
        activity?.SetTag("dxevents.tenant", tenant);
        activity?.SetTag("dxevents.command", command);
        var ct = http.RequestAborted;
        var key = http.Request.Headers["Idempotency-Key"].ToString();
        var fingerprint = Fingerprint(http.Request, body.Raw);
        if (key.Length > 0 && await Replay(tenant, key, fingerprint, ct) is { } earlier)
            return earlier;
        var ifMatch = ifMatchStream is null ? null : ParseIfMatch(http.Request);

        for (var attempt = 1; ; attempt++)
        {
            PreparedAppend prepared;
            try
            {
                prepared = await prepare(ifMatch, ct);
            }
            catch (Exception e) when (key.Length > 0 && e is DomainException or PreconditionFailedException)
            {
                // A twin with the same key may have committed since the check above: its answer is this request's too.
                if (await Replay(tenant, key, fingerprint, ct) is { } twin)
                    return twin;
                throw;
            }
            var claim = key.Length > 0 ? new IdempotencyClaim(key, fingerprint, prepared.Respond) : null;
            try
            {
                var result = await store.AppendAsync(tenant, prepared.Streams, new AppendOptions(claim), ct);
                activity?.SetTag("dxevents.events", result.Events.Count);
                return new StoredResult(prepared.Respond(result));
            }
            catch (ConcurrencyException e)
            {
                // The one who wrote first may be a twin with the same key: then its answer is this request's answer.
                if (key.Length > 0 && await Replay(tenant, key, fingerprint, ct) is { } twin)
                    return twin;
                if (ifMatch is not null)
                    throw new PreconditionFailedException(ifMatch.Value, e.ActualVersion ?? 0);
                if (!retryOnConflict || attempt >= Attempts)
                    throw;
                // Someone else wrote first: decide again on what is there now; Decide refuses what no longer fits.
                activity?.AddEvent(new ActivityEvent("retry after concurrent change"));
            }
            catch (IdempotencyKeyTakenException)
            {
                return await Replay(tenant, key, fingerprint, ct) ?? throw new InvalidOperationException("Idempotency record vanished.");
            }
        }
    }

    public static IdempotentResponse Answer(int status, string streamId, AppendResult result, IReadOnlyList<FieldProblem> warnings, string? location)
    {
        var version = result.VersionOf(streamId);
        var accepted = new CommandAccepted(streamId, version,
            result.Events.Select(e => new AcceptedEvent(e.Sequence, e.EventType, e.RecordedAt)).ToList(), warnings);
        return new IdempotentResponse(status, ETagOf(version), location, JsonSerializer.Serialize(accepted, EventCatalog.JsonOptions));
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

    private async Task<IResult?> Replay(string tenant, string key, string fingerprint, CancellationToken ct)
    {
        if (await store.FindIdempotentAsync(tenant, key, ct) is not { } stored)
            return null;
        if (stored.RequestHash != fingerprint)
            throw new BadRequestException(StatusCodes.Status422UnprocessableEntity, "Idempotency-Key reused",
                [new FieldProblem("", $"The Idempotency-Key '{key}' was already used for a different request; use a new key.")]);
        return new StoredResult(stored.Response, replayed: true);
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
