using System.Runtime.CompilerServices;
using JasperFx.Events;
using JasperFx.Events.Projections;
using Marten;
using Marten.Linq;
using Marten.Storage;

namespace DxEvents.Api.EventStore;

/// <summary>Bounds for reading a municipality's history: by stream, type, actor, time and sequence.</summary>
public sealed record EventFilter
{
    public string? StreamId { get; init; }
    /// <summary>The stream itself and every stream below it ("plan/x" and "plan/x/…").</summary>
    public string? StreamPrefix { get; init; }
    public IReadOnlyList<string>? EventTypes { get; init; }
    public string? Actor { get; init; }
    public DateTimeOffset? RecordedFrom { get; init; }
    /// <summary>Inclusive: what was recorded up to and including this instant.</summary>
    public DateTimeOffset? RecordedUntil { get; init; }
    public long? AfterSequence { get; init; }
    public long? UpToSequence { get; init; }
    public long? UpToVersion { get; init; }
    public int? Limit { get; init; }
}

/// <summary>
/// One page of a municipality's history in sequence order. Next is the cursor for the following call: the last
/// sequence returned when More, else the settled horizon the page was read to. Pending says an append still in
/// flight kept the page from going further: ask again later.
/// </summary>
public sealed record AuditPage(IReadOnlyList<IEvent> Events, long Next, bool More, bool Pending);

/// <summary>An append still in flight outlived the wait: a report as of a past instant cannot be given yet without risking a different one later.</summary>
public sealed class HistoryNotSettledException()
    : Exception("An append still in flight keeps this report from being final; try again in a few seconds.");

/// <summary>
/// Reads of the event store through Marten. Sequence numbers are taken before commit, so the highest visible
/// sequence is no safe place to stop: a page or an as-of report that ended there could pass a number an append
/// still in flight fills later. Marten's high-water mark is the sequence below which its daemon has proven every
/// number committed or abandoned; a read that must never change afterwards waits until the high-water mark covers
/// every sequence handed out when it began, and reads only up to that.
/// </summary>
public sealed class EventReads(IDocumentStore store)
{
    public static readonly TimeSpan DefaultSettleWait = TimeSpan.FromSeconds(5);
    private const string Tombstone = "tombstone";

    public async Task<IReadOnlyList<IEvent>> ReadStreamAsync(string tenant, string streamId, long? upToVersion = null, CancellationToken ct = default)
    {
        await using var session = store.QuerySession(tenant);
        return await session.Events.FetchStreamAsync(streamId, upToVersion ?? 0, token: ct);
    }

    /// <summary>A municipality's events in sequence order (a stream's in version order), streamed.</summary>
    public async IAsyncEnumerable<IEvent> ReadAsync(string tenant, EventFilter filter, [EnumeratorCancellation] CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        await using var session = store.QuerySession(tenant);
        var query = Where(session.Events.QueryAllRawEvents(), filter);
        query = filter.StreamId is null ? query.OrderBy(e => e.Sequence) : query.OrderBy(e => e.Version);
        if (filter.Limit is { } limit)
            query = query.Take(limit);
        await foreach (var e in query.ToAsyncEnumerable(ct))
            yield return e;
    }

    private static IQueryable<IEvent> Where(IQueryable<IEvent> query, EventFilter filter)
    {
        query = query.Where(e => e.EventTypeName != Tombstone);
        if (filter.StreamId is { } stream)
            query = query.Where(e => e.StreamKey == stream);
        if (filter.StreamPrefix is { } prefix)
        {
            var below = prefix + "/";
            query = query.Where(e => e.StreamKey == prefix || e.StreamKey!.StartsWith(below));
        }
        if (filter.EventTypes is { Count: > 0 } types)
        {
            var names = types.ToArray();
            query = query.Where(e => names.Contains(e.EventTypeName));
        }
        if (filter.Actor is { } actor)
            query = query.Where(e => e.UserName == actor);
        // Npgsql writes timestamptz parameters in UTC only.
        if (filter.RecordedFrom is { } from)
        {
            var utc = from.ToUniversalTime();
            query = query.Where(e => e.Timestamp >= utc);
        }
        if (filter.RecordedUntil is { } until)
        {
            var utc = until.ToUniversalTime();
            query = query.Where(e => e.Timestamp <= utc);
        }
        if (filter.AfterSequence is { } after)
            query = query.Where(e => e.Sequence > after);
        if (filter.UpToSequence is { } upTo)
            query = query.Where(e => e.Sequence <= upTo);
        if (filter.UpToVersion is { } version)
            query = query.Where(e => e.Version <= version);
        return query;
    }

    public async Task<AuditPage> ReadPageAsync(string tenant, EventFilter filter, long after, int limit, TimeSpan? settleWait = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentOutOfRangeException.ThrowIfNegative(after);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        if (await SettledHorizonAsync(tenant, settleWait ?? DefaultSettleWait, ct) is not { } settled)
            return new AuditPage([], after, More: false, Pending: true);
        if (settled <= after)
            return new AuditPage([], after, More: false, Pending: false);
        var events = new List<IEvent>();
        var bounded = filter with { StreamId = null, AfterSequence = after, UpToSequence = settled, UpToVersion = null, Limit = limit + 1 };
        await foreach (var e in ReadAsync(tenant, bounded, ct))
            events.Add(e);
        var more = events.Count > limit;
        if (more)
            events.RemoveAt(events.Count - 1);
        return new AuditPage(events, more ? events[^1].Sequence : settled, more, Pending: false);
    }

    /// <summary>
    /// The highest sequence handed out so far in the municipality's database, once Marten's high-water mark there has
    /// reached it: nothing at or below it can appear any more. Null when an append in flight outlived the wait (it is lag,
    /// not loss: ask again). Each database has its own sequence and high-water mark.
    /// </summary>
    public async Task<long?> SettledHorizonAsync(string tenant, TimeSpan wait, CancellationToken ct = default)
    {
        var database = await store.Storage.FindOrCreateDatabase(tenant);
        // The sequence's last value: every number handed out so far, committed or not (no count of the events).
        var issued = await database.FetchHighestEventSequenceNumber(ct);
        return await Settling.UntilAsync(async c => await HighWaterMarkAsync(database, c) >= issued, wait, ct) ? issued : null;
    }

    /// <summary>The events of a report as of a past instant: only sequences settled when it began, so that asking
    /// again later can never give another answer.</summary>
    public async IAsyncEnumerable<IEvent> ReadSettledAsync(string tenant, EventFilter filter, [EnumeratorCancellation] CancellationToken ct = default)
    {
        var settled = await SettledHorizonAsync(tenant, DefaultSettleWait, ct) ?? throw new HistoryNotSettledException();
        await foreach (var e in ReadAsync(tenant, filter with { UpToSequence = Math.Min(settled, filter.UpToSequence ?? long.MaxValue) }, ct))
            yield return e;
    }

    private static Task<long> HighWaterMarkAsync(IMartenDatabase database, CancellationToken ct) =>
        database.ProjectionProgressFor(new ShardName(ShardState.HighWaterMark), ct);
}
