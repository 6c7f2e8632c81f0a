using DxEvents.Api.Infrastructure;
using DxEvents.Api.Integrity;
using DxEvents.Integrity;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DxEvents.Api.Audit;

/// <summary>Where the municipality's history first breaks, and what broke it: altered, missing, reordered or inserted.</summary>
public sealed record ChainBreakAnswer(long Position, ChainBreakKind Kind, string Detail, long? Sequence);

/// <summary>Ok with the head and the event count, or the first break; Verified is how far the chain holds. Pinned answers
/// ?head=: whether that head (e.g. one printed on a status report) is still an intact ancestor of this history.</summary>
/// Unsealed counts events committed but not yet sealed by the daemon: not judged yet, they follow within the sealing lag.
public sealed record VerifyAnswer(bool Ok, long Count, ChainHead Verified, ChainHead Head, ChainBreakAnswer? Break, PinnedHead? Pinned, long Unsealed);

/// <summary>GET /audit/verify[?head=HASH]: walks the municipality's hash chain in the database.</summary>
public static class VerifyEndpoints
{
    public static void Map(RouteGroupBuilder api) =>
        api.MapGet("/audit/verify", Verify).WithName("VerifyChain").WithTags("Audit")
            .WithSummary("Checks the hash chain: ok with head and count, or the first broken position and what broke it; head=HASH asks whether that head is still an intact ancestor")
            .ProducesProblem(400)
            .RequireAuthorization(Policies.Audit);

    private static async Task<Ok<VerifyAnswer>> Verify(string tenant, string? head, ChainReads chain, CancellationToken ct)
    {
        byte[]? pinned = null;
        if (head is not null && (pinned = ChainEncoding.ParseHex(head)) is null)
            throw new BadRequestException(400, "Invalid query", [new FieldText("/head", new NotAChainHash())]);
        var (verification, current, unsealed) = await chain.VerifyAsync(tenant, pinned, ct);
        var broken = verification.Break is { } b ? new ChainBreakAnswer(b.Position, b.Kind, b.Detail, b.Sequence) : null;
        // A pinned head that is not an intact ancestor (never in this chain, or past a break) fails the check as a whole:
        // a reader of the answer's ok alone must not take a printed report's unknown head for verified.
        var ok = verification.Ok && verification.Pinned?.Extends != false;
        return TypedResults.Ok(new VerifyAnswer(ok, verification.Count, verification.Verified, current, broken, verification.Pinned, unsealed));
    }
}
