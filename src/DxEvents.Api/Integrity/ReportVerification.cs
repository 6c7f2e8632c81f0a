using DxEvents.Integrity;

namespace DxEvents.Api.Integrity;

/// <summary>What a printed or saved report names: enough to recompute it (its QR code carries each line).</summary>
/// <param name="AsOf">Null for a report read without one (the latest history the head covers).</param>
public sealed record ReportClaim(string PlanId, DateOnly ReportingDate, DateTimeOffset? AsOf, byte[] Head, string Digest);

/// <summary>
/// Ok only when the history is intact, the report's head is an intact ancestor of it, and the report recomputed from that
/// history (<see cref="ReportDigest.ReplayAsync"/>) has the digest the report carries. Recomputed is the digest the
/// history gives (null when the head is unknown or the plan did not exist by then).
/// </summary>
public sealed record ReportVerification(bool Ok, bool ChainOk, PinnedHead? Pinned, string Digest, string? Recomputed, string PlanId,
    DateOnly ReportingDate, DateTimeOffset? AsOf);

/// <summary>A report's digest checked against the municipality's sealed history: the API's and the auditor's page's check.</summary>
public sealed class ReportVerifier(ChainReads chain)
{
    public async Task<ReportVerification> VerifyAsync(string tenant, ReportClaim claim, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(claim);
        var (verification, _, _) = await chain.VerifyAsync(tenant, claim.Head, ct);
        string? recomputed = null;
        if (verification.Ok && verification.Pinned is { Extends: true, Position: { } position }
            && await ReportDigest.ReplayAsync(chain.ReadChainAsync(tenant, position, ct), claim.PlanId, position, claim.AsOf, claim.ReportingDate, ct)
                is { } report)
            recomputed = ReportDigest.Of(report);
        return new ReportVerification(recomputed == claim.Digest, verification.Ok, verification.Pinned, claim.Digest, recomputed,
            claim.PlanId, claim.ReportingDate, claim.AsOf);
    }
}
