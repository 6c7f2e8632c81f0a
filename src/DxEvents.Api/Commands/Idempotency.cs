using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using DxEvents.Api.Auth;
using DxEvents.Api.EventStore;
using DxEvents.Api.Infrastructure;
using DxEvents.Domain;
using Marten;
using Microsoft.AspNetCore.Mvc;
using DxEvents.Domain.Input;
using Wolverine.Http;

namespace DxEvents.Api.Commands;

/// <summary>
/// Idempotency-Key for every command, in three steps Wolverine runs around each endpoint: before it, a key already
/// answered gets that answer again (the same key with another request is a 422); just before the commit, the key's
/// record joins the events' transaction, so both commit or neither; after a failure, a twin with the same key that
/// committed meanwhile lends this request its answer (<see cref="CommandMiddleware"/>).
/// </summary>
public static class Idempotency
{
    public const string Header = "Idempotency-Key";

    public static string? Key(HttpContext http) =>
        http?.Request.Headers[Header].ToString() is { Length: > 0 } key ? key : null;

    /// <summary>Which step answered a request with an earlier answer, as the request's span says (dxevents.idempotency).</summary>
    public enum Path
    {
        /// <summary>The retry came after the first answer: <see cref="CommandMiddleware"/>, before anything else is judged.</summary>
        First,
        /// <summary>The handler's step before Decide (and If-Match), right after the stream's lock where the command takes one:
        /// a twin that waited for the lock while the first request committed finds its answer here.</summary>
        InHandler,
        /// <summary>The retry failed because the first committed meanwhile (streams it started, or its key).</summary>
        Twin,
    }

    public static void Answered(HttpContext http, Path path) =>
        CommandTelemetry.Tag(http, "dxevents.idempotency", path switch
        {
            Path.First => "replayed-first",
            Path.InHandler => "replayed-in-handler",
            _ => "replayed-for-twin",
        });

    /// <summary>A key too long or with other characters than printable ASCII: 400 naming the header, before it is looked up.</summary>
    public static ProblemDetails? KeyProblem(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        return http.Request.Headers[Header].ToString() is { Length: > 0 } key && !Bounds.IsIdempotencyKey(key)
            ? ProblemMapper.Problem(400, "Invalid Idempotency-Key", [new FieldText("/" + Header, new MalformedIdempotencyKey(Bounds.IdempotencyKeyLength))])
            : null;
    }

    /// <summary>Right after the stream's lock, before If-Match and Decide: the stored answer for this key, if there is one.
    /// A twin that waited for the lock finds the first request's record here instead of failing on the stream it changed.</summary>
    public static async Task<IResult> ReplayAsync(HttpContext http, IDocumentSession session)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(session);
        if (Key(http) is not { } key || await StoredAsync(http, session, key) is not { } earlier)
            return WolverineContinue.Result();
        Answered(http, Path.InHandler);
        return new Replay(earlier);
    }

    /// <summary>Just before the commit: the command's record (<see cref="CommandRecord"/>), its events bound to the answer.</summary>
    public static void Remember(HttpContext http, IDocumentSession session, CommandAnswer answer)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(answer);
        // An import's warnings ride on the plan's first event only (PlanImport.Start).
        var warnings = answer.Shape.Kind == AnswerShape.Command ? answer.StoredWarnings : [];
        var appended = CommandRecord.Keep(http, session, Key(http), Fingerprint(http), answer.Shape, answer.Reason, warnings);
        answer.Bind(appended);
        CommandTelemetry.Tag(http, "dxevents.stream", answer.Shape.StreamId);
        CommandTelemetry.Tag(http, "dxevents.events", appended.Count);
    }

    /// <summary>The answer already given for this request's key, if any (the same key with another request is a 422).</summary>
    public static async Task<StoredAnswer?> StoredAsync(HttpContext http)
    {
        if (Key(http) is not { } key || http.Features.Get<CommandRequest>() is not { } request)
            return null;
        await using var session = http.RequestServices.GetRequiredService<IDocumentStore>().QuerySession(request.Tenant);
        return await StoredAsync(http, session, key);
    }

    private static async Task<StoredAnswer?> StoredAsync(HttpContext http, IQuerySession session, string key)
    {
        if (await session.LoadAsync<IdempotencyRecord>(key, http.RequestAborted) is not { } stored)
            return null;
        if (stored.RequestHash != Fingerprint(http))
            throw new BadRequestException(StatusCodes.Status422UnprocessableEntity, "Idempotency-Key reused",
                [new FieldText("", new IdempotencyKeyReused(key))]);
        var ids = stored.EventIds.ToArray();
        var events = await session.Events.QueryAllRawEvents().Where(e => ids.Contains(e.Id)).ToListAsync(http.RequestAborted);
        return CommandAnswer.Respond(stored.Answer, events);
    }

    /// <summary>SHA-256 of the method, the path and the body as received.</summary>
    private static string Fingerprint(HttpContext http)
    {
        var head = Encoding.UTF8.GetBytes($"{http.Request.Method} {http.Request.Path}\n");
        var body = http.Features.Get<RequestBytes>()?.Bytes ?? [];
        return Convert.ToHexString(SHA256.HashData([.. head, .. body]));
    }

    private sealed class Replay(StoredAnswer answer) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext) => answer.WriteAsync(httpContext, replayed: true);
    }
}
