using DxEvents.Api.Infrastructure;
using JasperFx;
using JasperFx.CodeGeneration;
using JasperFx.CodeGeneration.Frames;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;
using Wolverine.Middleware;

namespace DxEvents.Api.Commands;

/// <summary>
/// The rules every command follows, applied by Wolverine to every POST endpoint in one place: the body's record named for
/// <see cref="RequestBodyRules"/>, which checks it before Wolverine deserializes it; the Idempotency-Key's earlier answer
/// replayed; the key's record and the command's metadata added just before the commit; and the answers (and problems)
/// each command documents.
/// Authentication, roles and the municipality are ASP.NET Core authorization (see <see cref="Policies"/>); If-Match and
/// the stream's lock come with <see cref="WriteStreamAttribute"/>.
/// </summary>
public sealed class CommandRules : IHttpPolicy
{
    public void Apply(IReadOnlyList<HttpChain> chains, GenerationRules rules, IServiceContainer container)
    {
        ArgumentNullException.ThrowIfNull(chains);
        foreach (var chain in chains.Where(c => c.HttpMethods.Contains(HttpMethods.Post)))
        {
            if (chain.HasRequestType)
                chain.Metadata.WithMetadata(new CommandBody(chain.RequestType!));
            var ifMatch = BeforeIfMatch(chain);
            var takesIfMatch = ifMatch < chain.Middleware.Count;
            if (takesIfMatch)
                chain.Metadata.WithMetadata(new TakesIfMatch());
            Before(chain, rules, new MethodCall(typeof(Idempotency), nameof(Idempotency.ReplayAsync)), ifMatch);
            // First among the steps after the endpoint: Wolverine's own (append, SaveChanges) are added after this.
            chain.Postprocessors.Insert(0, new MethodCall(typeof(Idempotency), nameof(Idempotency.Remember)));

            if (!chain.Method.Method.GetCustomAttributes(typeof(ProducesResponseTypeAttribute), false).Any())
                chain.Metadata.Produces<CommandAccepted>(StatusCodes.Status200OK);
            foreach (var status in new[] { 400, 401, 403, 404, 409, 413, 415, 422 })
                chain.Metadata.ProducesProblem(status);
            if (takesIfMatch)
                chain.Metadata.ProducesProblem(StatusCodes.Status412PreconditionFailed);
        }
    }

    /// <summary>A step before the endpoint that ends the request when it answers (a problem, or a replayed answer).</summary>
    private static void Before(HttpChain chain, GenerationRules rules, MethodCall call, int at)
    {
        chain.Middleware.Insert(at, call);
        if (rules.TryFindContinuationHandler(chain, call, out var stop))
            chain.Middleware.Insert(at + 1, stop!);
    }

    /// <summary>Where the replay goes: right before If-Match (after the stream's lock, so that a twin that waited for it finds
    /// the first request's key), or last when the command locks no stream. A retry is answered whatever If-Match says now.</summary>
    private static int BeforeIfMatch(HttpChain chain)
    {
        var ifMatch = chain.Middleware.FindIndex(f => f is MethodCall { HandlerType: var t } && t == typeof(IfMatch));
        return ifMatch >= 0 ? ifMatch : chain.Middleware.Count;
    }
}

/// <summary>Endpoint metadata: the command checks If-Match against the version of the stream it locks (see <see cref="IfMatch"/>).</summary>
public sealed record TakesIfMatch;
