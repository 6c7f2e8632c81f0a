using System.Diagnostics;
using Npgsql;
using NpgsqlTypes;

namespace DxEvents.EventStore;

public sealed record AppendOptions(IdempotencyClaim? Idempotency = null);

/// <summary>Streams of events per tenant in PostgreSQL: atomic optimistic appends, inline projections, reads.</summary>
public sealed partial class EventStore(NpgsqlDataSource dataSource, IEnumerable<IInlineProjection>? inlineProjections = null)
{
    private readonly IReadOnlyList<IInlineProjection> _inline = inlineProjections?.ToList() ?? [];

    public NpgsqlDataSource DataSource => dataSource;

    public Task<AppendResult> AppendAsync(string tenantId, StreamAppend stream, AppendOptions? options = null, CancellationToken ct = default) =>
        AppendAsync(tenantId, [stream], options, ct);

    /// <summary>Appends to one or more streams in one transaction: all events or none.</summary>
    public async Task<AppendResult> AppendAsync(
        string tenantId, IReadOnlyList<StreamAppend> streams, AppendOptions? options = null, CancellationToken ct = default)
    {
        Tenancy.Require(tenantId);
        if (streams.Count == 0 || streams.Any(s => s.Events.Count == 0))
            throw new ArgumentException("Every stream needs at least one event.", nameof(streams));
        if (streams.Select(s => s.StreamId).Distinct(StringComparer.Ordinal).Count() != streams.Count)
            throw new ArgumentException("A stream may appear once per append.", nameof(streams));

        using var activity = StoreTelemetry.Source.StartActivity("eventstore.append");
        activity?.SetTag("dxevents.tenant", tenantId);
        activity?.SetTag("dxevents.streams", streams.Count);

        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        var stored = new List<StoredEvent>();
        var versions = new Dictionary<string, long>(StringComparer.Ordinal);
        string? staleStream = null;

        await using (var batch = new NpgsqlBatch(connection, tx))
        {
            batch.BatchCommands.Add(Tenancy.SetTenant(tenantId));
            foreach (var stream in streams)
                batch.BatchCommands.Add(AppendSql.For(tenantId, stream));
            await using var reader = await batch.ExecuteReaderAsync(ct);
            foreach (var stream in streams)
            {
                await reader.NextResultAsync(ct);
                var rows = new List<(long Seq, long Version, DateTimeOffset RecordedAt, long TxId)>();
                while (await reader.ReadAsync(ct))
                    rows.Add((reader.GetInt64(0), reader.GetInt64(1), reader.GetFieldValue<DateTimeOffset>(2), reader.GetInt64(3)));
                if (rows.Count == 0)
                {
                    staleStream ??= stream.StreamId;
                    continue;
                }
                var first = rows.Min(r => r.Version);
                foreach (var row in rows)
                {
                    var e = stream.Events[(int)(row.Version - first)];
                    stored.Add(new StoredEvent(row.Seq, tenantId, stream.StreamId, row.Version, e.EventId, e.EventType, e.Data, e.Metadata, row.RecordedAt, row.TxId));
                }
                versions[stream.StreamId] = rows.Max(r => r.Version);
            }
        }

        if (staleStream is not null)
        {
            await tx.RollbackAsync(ct);
            StoreTelemetry.AppendConflicts.Add(1);
            var stream = streams.First(s => s.StreamId == staleStream);
            var actual = await GetStreamVersionAsync(tenantId, staleStream, ct);
            activity?.SetStatus(ActivityStatusCode.Error, "stale expected version");
            throw new ConcurrencyException(tenantId, staleStream, stream.Expected, actual);
        }

        stored.Sort((a, b) => a.Sequence.CompareTo(b.Sequence));
        var result = new AppendResult(versions, stored);
        var context = new ProjectionContext(connection, tx);
        foreach (var projection in _inline)
            await projection.ApplyAsync(context, stored, ct);

        if (options?.Idempotency is { } claim)
            await RememberAsync(connection, tx, tenantId, claim, claim.Respond(result), ct);

        await tx.CommitAsync(ct);
        StoreTelemetry.EventsAppended.Add(stored.Count);
        activity?.SetTag("dxevents.events", stored.Count);
        return result;
    }
}
