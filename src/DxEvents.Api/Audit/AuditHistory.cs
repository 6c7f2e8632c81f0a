using DxEvents.Api.Reads;
using DxEvents.Api.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace DxEvents.Api.Audit;

/// <summary>
/// A page of the log. Pass next as after to continue: More says the page was full (ask again now); Pending says an open
/// transaction held the page back (ask again shortly). Next never passes a sequence that a running append may still fill.
/// </summary>
public sealed record AuditEventsAnswer(IReadOnlyList<AuditEvent> Events, long Next, bool More, bool Pending);

/// <summary>One stream's full history in version order, corrections linked to the figures they correct.</summary>
public sealed record StreamHistoryAnswer(string StreamId, string? StreamType, long Version, IReadOnlyList<AuditEvent> Events);

/// <summary>GET /audit/events (the log, paged by sequence) and GET /audit/streams/{streamId} (one plan, measure or KPI).</summary>
public static class AuditHistory
{
    public static void Map(RouteGroupBuilder api)
    {
        var audit = api.MapGroup("/audit").WithTags("Audit").RequireAuthorization(Policies.Audit);
        audit.MapGet("/events", Events).WithName("GetAuditEvents")
            .WithSummary("The event log in sequence order: stream (and below), type, actor, from, to, after (cursor), limit (≤ 1000); answers next")
            .ProducesProblem(400);
        audit.MapGet("/streams/{**streamId}", Stream).WithName("GetAuditStream")
            .WithSummary("One stream's full history with actor, reason, recorded-at, correlation id; corrections linked to their figures")
            .ProducesProblem(404);
    }

    private static async Task<Ok<AuditEventsAnswer>> Events(
        string tenant, string? stream, [FromQuery] string[]? type, string? actor, string? from, string? to, string? after, string? limit,
        ReportReads reads, CancellationToken ct)
    {
        var filter = AuditQuery.Filter(stream, type, actor, from, to);
        var (events, page) = await reads.AuditPageAsync(tenant, filter, AuditQuery.After(after), AuditQuery.Limit(limit), ct);
        return TypedResults.Ok(new AuditEventsAnswer(events, page.Next, page.More, page.Pending));
    }

    private static async Task<Results<Ok<StreamHistoryAnswer>, ProblemHttpResult>> Stream(
        string tenant, string? streamId, ReportReads reads, CancellationToken ct)
    {
        streamId = AuditQuery.StreamId(streamId);
        var events = await reads.StreamAsync(tenant, streamId, ct);
        if (events.Count == 0)
            return TypedResults.Problem(ProblemMapper.Problem(404, "Not found", new StreamNotFound(streamId), []));
        return TypedResults.Ok(new StreamHistoryAnswer(streamId, Domain.StreamIds.TypeOf(streamId), events[^1].Version, events));
    }
}
