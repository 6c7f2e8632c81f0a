using DxEvents.Api.EventStore;
using DxEvents.Api.Commands;
using DxEvents.Domain;
using JasperFx;
using Marten.Exceptions;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace DxEvents.Api.Infrastructure;

/// <summary>One problem with the request, named by its JSON pointer (or field).</summary>
public sealed record FieldProblem(string Pointer, string Detail);

/// <summary>The request cannot be read as asked: malformed JSON, wrong types, a body too large.</summary>
public sealed class BadRequestException(int status, string title, IReadOnlyList<FieldProblem> problems)
    : Exception(problems.Count > 0 ? problems[0].Detail : title)
{
    public int Status { get; } = status;
    public string Title { get; } = title;
    public IReadOnlyList<FieldProblem> Problems { get; } = problems;
}

/// <summary>If-Match named a version the stream is no longer at.</summary>
public sealed class PreconditionFailedException(long expected, long? actual)
    : Exception(actual is { } at
        ? $"If-Match expected version {expected}, but the stream is at version {at}. Reload and try again."
        : $"If-Match expected version {expected}, but the stream has moved on. Reload and try again.");

/// <summary>
/// Maps the service's typed failures onto RFC 9457 problem details; nothing else is caught here.
/// </summary>
public sealed class ProblemMapper(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(http);
        var details = exception switch
        {
            DomainException e => Problem(e.Kind switch
            {
                DomainErrorKind.NotFound => StatusCodes.Status404NotFound,
                DomainErrorKind.Conflict => StatusCodes.Status409Conflict,
                _ => StatusCodes.Status422UnprocessableEntity,
            }, e.Kind switch
            {
                DomainErrorKind.NotFound => "Not found",
                DomainErrorKind.Conflict => "Conflicts with the current state",
                _ => "A rule is broken",
            }, e.Message, [new FieldProblem("/" + e.Field, e.Message)]),
            BadRequestException e => Problem(e.Status, e.Title, e.Message, e.Problems),
            PreconditionFailedException e => Problem(StatusCodes.Status412PreconditionFailed, "Version mismatch", e.Message, []),
            HistoryNotSettledException e => Problem(StatusCodes.Status503ServiceUnavailable, "History not settled", e.Message, []),
            // Marten's stale-version errors (EventStreamUnexpectedMaxEventIdException among them) are all ConcurrencyExceptions.
            ConcurrencyException or ExistingStreamIdCollisionException or DocumentAlreadyExistsException => Problem(StatusCodes.Status409Conflict,
                "Concurrent change", "Someone changed this first; nothing was stored. Reload and decide again.", []),
            _ when IsDatabaseUnavailable(exception) => Problem(StatusCodes.Status503ServiceUnavailable, "Database unavailable",
                "The database is busy or out of reach. Send the same request again after Retry-After, with the same Idempotency-Key: "
                + "a command that was recorded answers its first answer again, one that was not is recorded then.", []),
            _ => null,
        };
        if (details is null)
            return false;
        CommandTelemetry.Count(http, details.Status is 409 or 412 ? "conflict" : "refused");
        http.Response.StatusCode = details.Status!.Value;
        if (details.Status == StatusCodes.Status503ServiceUnavailable)
            http.Response.Headers.RetryAfter = "2";
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = details, Exception = exception });
    }

    // Npgsql marks what may succeed when tried again: the pool exhausted, a connection refused or cut, the server shutting
    // down or starting up, too many connections. Marten wraps them in its own exceptions.
    private static bool IsDatabaseUnavailable(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is Npgsql.NpgsqlException { IsTransient: true })
                return true;
        }
        return false;
    }

    public static ProblemDetails Problem(int status, string title, string detail, IReadOnlyList<FieldProblem> errors)
    {
        var details = new ProblemDetails { Status = status, Title = title, Detail = detail };
        if (errors.Count > 0)
        {
            details.Extensions["field"] = errors[0].Pointer.TrimStart('/');
            details.Extensions["errors"] = errors.Select(e => new { pointer = e.Pointer, detail = e.Detail }).ToList();
        }
        return details;
    }
}
