using DxEvents.Api.Infrastructure;
using DxEvents.Api.Integrity;
using DxEvents.Integrity;
using System.ComponentModel.DataAnnotations;
using DxEvents.Api.Plans;
using DxEvents.Domain.Input;
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
    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/audit/verify", Verify).WithName("VerifyChain").WithTags("Audit")
            .WithSummary("Checks the hash chain: ok with head and count, or the first broken position and what broke it; head=HASH asks whether that head is still an intact ancestor")
            .ProducesProblem(400)
            .RequireAuthorization(Policies.Audit);
        api.MapGet("/audit/verify-report", VerifyReport).WithName("VerifyReport").WithTags("Audit")
            .WithSummary("Checks a status report's numbers: recomputes the plan's report from the sealed history up to its head and compares its digest")
            .ProducesProblem(400)
            .RequireAuthorization(Policies.Audit);
    }

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

    /// <summary>The parts of a report (as its QR code carries them) checked: ok when the history up to head recomputes its digest.</summary>
    private static async Task<Ok<ReportVerification>> VerifyReport(string tenant,
        [MaxLength(Bounds.IdLength)] string? plan,
        [RegularExpression("^[0-9]{4}-[0-9]{2}-[0-9]{2}$")] string? reportingDate,
        [MaxLength(40)] string? asOf,
        [RegularExpression("^[0-9a-fA-F]{64}$")] string? head,
        [RegularExpression("^[0-9a-fA-F]{64}$")] string? digest,
        ReportVerifier verifier, CancellationToken ct) =>
        TypedResults.Ok(await verifier.VerifyAsync(tenant, ReadClaim(plan, reportingDate, asOf, head, digest), ct));

    /// <summary>A report's claim from query values, every missing or malformed part named at once.</summary>
    public static ReportClaim ReadClaim(string? plan, string? reportingDate, string? asOf, string? head, string? digest)
    {
        var errors = new List<FieldText>();
        void Required(string? value, string field)
        {
            if (string.IsNullOrWhiteSpace(value))
                errors.Add(new FieldText("/" + field, new ReportPartRequired(field)));
        }
        Required(plan, "plan");
        Required(reportingDate, "reportingDate");
        Required(head, "head");
        Required(digest, "digest");
        if (plan is { Length: > Bounds.IdLength })
            errors.Add(new FieldText("/plan", new QueryIdTooLong("plan", Bounds.IdLength)));
        var pinned = head is null ? null : ChainEncoding.ParseHex(head.Trim().ToLowerInvariant());
        if (head is not null && pinned is null)
            errors.Add(new FieldText("/head", new NotAChainHash()));
        var parsedDigest = ReportDigest.Parse(digest);
        if (digest is not null && parsedDigest is null)
            errors.Add(new FieldText("/digest", new NotAReportDigest()));
        DateOnly date = default;
        DateTimeOffset? at = null;
        try
        {
            if (reportingDate is not null)
                date = PlanReads.ParseDate(reportingDate, "reportingDate");
            if (asOf is not null)
                at = PlanReads.ParseInstant(asOf, "asOf");
        }
        catch (BadRequestException e)
        {
            errors.AddRange(e.Errors);
        }
        if (errors.Count > 0)
            throw new BadRequestException(400, "Invalid query", errors);
        return new ReportClaim(plan!.Trim(), date, at, pinned!, parsedDigest!);
    }
}
