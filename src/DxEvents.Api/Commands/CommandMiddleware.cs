using DxEvents.Api.Infrastructure;
using DxEvents.Domain;
using JasperFx;
using Marten.Exceptions;
using Wolverine.Http;

namespace DxEvents.Api.Commands;

/// <summary>
/// ASP.NET Core middleware around the command endpoints (those <see cref="CommandRules"/> marked with
/// <see cref="CommandBody"/>), after authentication and authorization and before Wolverine's generated code: it names the
/// request's municipality and command, answers a retry with its first answer, refuses a body that does not fit the
/// command's record, and answers a command that
/// failed because a twin with the same Idempotency-Key committed first (its rule now refuses, or its stream or record
/// exists) with the twin's answer. It runs inside the exception handler, which would strip that answer's ETag.
/// </summary>
public static class CommandMiddleware
{
    public static async Task InvokeAsync(HttpContext http, RequestDelegate next)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(next);
        if (http.GetEndpoint()?.Metadata.GetMetadata<CommandBody>() is not { } body || http.GetRouteValue("tenant") is not string tenant)
        {
            await next(http);
            return;
        }
        var request = new CommandRequest(tenant, CommandTelemetry.Command(http));
        http.Features.Set(request);
        CommandTelemetry.Tag(http, "dxevents.tenant", request.Tenant);
        CommandTelemetry.Tag(http, "dxevents.command", request.Command);

        // Idempotency first: a retry of a request already answered gets that answer before anything else is judged (the
        // body's rules, If-Match, the stream's state), since what it asked was done; only the key's own form and the body's
        // size come before, because the key is looked up by value and the request is fingerprinted by its bytes (and the
        // correlation id's form, which a replay would otherwise answer without ever judging).
        if ((Idempotency.KeyProblem(http) ?? CommandRecord.CorrelationProblem(http) ?? await RequestBodyRules.BufferedAsync(http)) is { } refused)
        {
            await RefuseAsync(http, refused);
            return;
        }
        if (await Idempotency.StoredAsync(http) is { } earlier)
        {
            Idempotency.Answered(http, Idempotency.Path.First);
            await earlier.WriteAsync(http, replayed: true);
            return;
        }
        if (await body.Check(http) is { } problem && !ReferenceEquals(problem, WolverineContinue.NoProblems))
        {
            await RefuseAsync(http, problem);
            return;
        }
        try
        {
            await next(http);
        }
        catch (Exception e) when (Idempotency.Key(http) is not null && !http.Response.HasStarted && e is DomainException or ConcurrencyException
            or DocumentAlreadyExistsException or ExistingStreamIdCollisionException or BadRequestException { Status: StatusCodes.Status409Conflict })
        {
            if (await Idempotency.StoredAsync(http) is not { } twin)
                throw;
            Idempotency.Answered(http, Idempotency.Path.Twin);
            await twin.WriteAsync(http, replayed: true);
        }
    }

    private static async Task RefuseAsync(HttpContext http, Microsoft.AspNetCore.Mvc.ProblemDetails problem)
    {
        CommandTelemetry.Count(http, "refused");
        http.Response.StatusCode = problem.Status ?? StatusCodes.Status400BadRequest;
        await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = problem });
    }
}
