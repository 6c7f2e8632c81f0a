using DxEvents.Api.EventStore;
using DxEvents.Api.Commands;
using DxEvents.Domain;
using DxEvents.Domain.Kpis;
using DxEvents.Domain.Texts;
using JasperFx;
using Marten.Exceptions;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace DxEvents.Api.Infrastructure;

/// <summary>A problem or a warning as the answer carries it: where (a JSON pointer) and what, in the request's language.</summary>
public sealed record FieldProblem(string Pointer, string Detail);

/// <summary>A problem or a warning before it is said: where (a JSON pointer, or the field) and what, in both languages.</summary>
public sealed record FieldText(string Pointer, Text Text)
{
    public FieldProblem In(Language language) => new(Pointer, Text.In(language));

    /// <summary>As an event's metadata keeps it: in Japanese, whoever asked, since the record is read long after the request.</summary>
    public string Stored => $"{Pointer}: {Text.Ja}";
}

/// <summary>The request cannot be read as asked: malformed JSON, wrong types, a body too large.</summary>
public sealed class BadRequestException(int status, string title, IReadOnlyList<FieldText> errors)
    : Exception(errors.Count > 0 ? errors[0].Text.En : title)
{
    public int Status { get; } = status;
    public string Title { get; } = title;
    public IReadOnlyList<FieldText> Errors { get; } = errors;
}

/// <summary>If-Match named a version the stream is no longer at.</summary>
public sealed class PreconditionFailedException(long expected, long? actual) : Exception(new VersionMismatch(expected, actual).En)
{
    public Text Error { get; } = new VersionMismatch(expected, actual);
}

/// <summary>
/// Maps the service's typed failures onto RFC 9457 problem details; nothing else is caught here.
/// </summary>
public sealed class ProblemMapper(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(http);
        // A page's error is a page (the web pages' own error handling), not problem details.
        if (RequestKind.IsPage(http))
            return false;
        var details = exception switch
        {
            DomainException e => Problem(e.Kind switch
            {
                DomainErrorKind.NotFound => StatusCodes.Status404NotFound,
                DomainErrorKind.Conflict => StatusCodes.Status409Conflict,
                DomainErrorKind.Forbidden => StatusCodes.Status403Forbidden,
                _ => StatusCodes.Status422UnprocessableEntity,
            }, e.Kind switch
            {
                DomainErrorKind.NotFound => "Not found",
                DomainErrorKind.Conflict => "Conflicts with the current state",
                DomainErrorKind.Forbidden => "Not yours to decide",
                _ => "A rule is broken",
            }, e.Error, [new FieldText("/" + e.Field, e.Error)], Links(http, e.Error)),
            BadRequestException e => Problem(e.Status, e.Title, e.Errors),
            PreconditionFailedException e => Problem(StatusCodes.Status412PreconditionFailed, "Version mismatch", e.Error, []),
            HistoryNotSettledException => Problem(StatusCodes.Status503ServiceUnavailable, "History not settled", new HistoryNotSettled(), []),
            // Marten's stale-version errors (EventStreamUnexpectedMaxEventIdException among them) are all ConcurrencyExceptions.
            ConcurrencyException or ExistingStreamIdCollisionException or DocumentAlreadyExistsException => Problem(StatusCodes.Status409Conflict,
                "Concurrent change", new ConcurrentChange(), []),
            _ when IsDatabaseUnavailable(exception) => Problem(StatusCodes.Status503ServiceUnavailable, "Database unavailable", new DatabaseUnavailable(), []),
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
    public static bool IsDatabaseUnavailable(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is Npgsql.NpgsqlException { IsTransient: true })
                return true;
        }
        return false;
    }

    /// <summary>Where to go next, as the API's paths: the domain says what is wrong, never a route.</summary>
    private static Dictionary<string, string>? Links(HttpContext http, Text error) => (error, Route(http)) switch
    {
        (FigureAlreadyRecorded f, { } route) when route["tenant"] is string tenant && route["planId"] is string plan
            && route["kpiId"] is string kpi => new()
            {
                ["correction"] = $"/api/{tenant}/plans/{plan}/kpis/{kpi}/measurements/{f.Quarter.Year.Year}/{f.Quarter.Number}/corrections",
            },
        _ => null,
    };

    // The exception handler clears the request's route values before it runs; the feature keeps the failed request's.
    private static RouteValueDictionary? Route(HttpContext http) => http.Features.Get<IExceptionHandlerFeature>()?.RouteValues;

    /// <summary>RFC 9457 problem details in the request's language. <c>title</c> stays English: it names the kind of problem, the
    /// same for every occurrence, as a type would; <c>detail</c> and each <c>errors[].detail</c> are for people, and <c>code</c>
    /// (also per error) says the same to a program, in no language.</summary>
    public static ProblemDetails Problem(int status, string title, Text detail, IReadOnlyList<FieldText> errors,
        IReadOnlyDictionary<string, string>? links = null)
    {
        ArgumentNullException.ThrowIfNull(detail);
        ArgumentNullException.ThrowIfNull(errors);
        var language = RequestLanguage.Current;
        var details = new ProblemDetails { Status = status, Title = title, Detail = detail.In(language) };
        details.Extensions["code"] = detail.Code;
        if (errors.Count > 0)
        {
            details.Extensions["field"] = errors[0].Pointer.TrimStart('/');
            details.Extensions["errors"] = errors.Select(e => new { pointer = e.Pointer, detail = e.Text.In(language), code = e.Text.Code }).ToList();
        }
        if (links is not null)
            details.Extensions["links"] = links;
        return details;
    }

    /// <summary>A problem with one or more fields, told by its first.</summary>
    public static ProblemDetails Problem(int status, string title, IReadOnlyList<FieldText> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        return Problem(status, title, errors[0].Text, errors);
    }
}
