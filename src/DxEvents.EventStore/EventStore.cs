using System.Diagnostics;
using DxEvents.EventStore.Chain;
using Npgsql;

namespace DxEvents.EventStore;

public sealed record AppendOptions(IdempotencyClaim? Idempotency = null);

/// <summary>Streams of events per tenant in PostgreSQL: atomic optimistic appends, inline projections, reads.</summary>
public sealed partial class EventStore(NpgsqlDataSource dataSource, IEnumerable<IInlineProjection>? inlineProjections = null)
{
    private readonly IReadOnlyList<IInlineProjection> _inline = inlineProjections?.ToList() ?? [];

    public NpgsqlDataSource DataSource => dataSource;

    public Task<AppendResult> AppendAsync(string tenantId, StreamAppend stream, AppendOptions? options = null, CancellationToken ct = default) =>
        AppendAsync(tenantId, [stream], options, ct);

    /// <summary>
    /// Appends to one or more streams in one transaction: all events or none. Two round trips: the
    /// versions and sequence numbers (with BEGIN, under the tenant's chain head lock), then the events with
    /// their chain hashes, the projections' writes, the idempotency record and COMMIT together.
    /// Inline projections run between the two, so they see the events passed to them, not yet in dx_events.
    /// </summary>
    public async Task<AppendResult> AppendAsync(
        string tenantId, IReadOnlyList<StreamAppend> streams, AppendOptions? options = null, CancellationToken ct = default)
    {
        Tenancy.Require(tenantId);
        if (streams.Count == 0 || streams.Any(s => s.Events.Count == 0))
            throw new ArgumentException("Every stream needs at least one event.", nameof(streams));
        if (streams.Select(s => s.StreamId).Distinct(StringComparer.Ordinal).Count() != streams.Count)
            throw new ArgumentException("A stream may appear once per append.", nameof(streams));
        if (streams.Any(s => !ChainEncoding.IsPlainText(s.StreamId) || s.Events.Any(e => !ChainEncoding.IsPlainText(e.EventType))))
            throw new ArgumentException("Stream ids and event types may not contain control characters (the chain encoding is line-based).", nameof(streams));

        using var activity = StoreTelemetry.Source.StartActivity("eventstore.append");
        activity?.SetTag("dxevents.tenant", tenantId);
        activity?.SetTag("dxevents.streams", streams.Count);

        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var open = true;
        try
        {
            var (stored, versions, stale, headPosition, headHash) = await ReserveAsync(connection, tenantId, streams, ct);
            if (stale is not null)
            {
                await ExecuteAsync(connection, "ROLLBACK", ct);
                open = false;
                StoreTelemetry.AppendConflicts.Add(1);
                activity?.SetStatus(ActivityStatusCode.Error, "stale expected version");
                var actual = await GetStreamVersionAsync(tenantId, stale.StreamId, ct);
                throw new ConcurrencyException(tenantId, stale.StreamId, stale.Expected, actual);
            }

            var result = new AppendResult(versions, stored);
            var context = new ProjectionContext(connection, null);
            foreach (var projection in _inline)
                await projection.ApplyAsync(context, stored, ct);

            await using var commit = new NpgsqlBatch(connection);
            foreach (var command in ChainAppend.Insert(tenantId, headPosition, headHash, stored))
                commit.BatchCommands.Add(command);
            foreach (var write in context.Writes)
                commit.BatchCommands.Add(write);
            if (options?.Idempotency is { } claim)
                commit.BatchCommands.Add(IdempotencySql.Remember(tenantId, claim, claim.Respond(result)));
            commit.BatchCommands.Add(new NpgsqlBatchCommand("COMMIT"));
            try
            {
                await commit.ExecuteNonQueryAsync(ct);
                open = false;
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation && e.TableName == "dx_idempotency")
            {
                throw new IdempotencyKeyTakenException(options!.Idempotency!.Key);
            }

            StoreTelemetry.EventsAppended.Add(stored.Count);
            activity?.SetTag("dxevents.events", stored.Count);
            return result;
        }
        finally
        {
            // Whatever failed after BEGIN, the connection goes back to the pool outside a transaction.
            if (open && connection.FullState == System.Data.ConnectionState.Open)
                await ExecuteAsync(connection, "ROLLBACK", CancellationToken.None);
        }
    }

    private sealed record Reserved(List<StoredEvent> Events, Dictionary<string, long> Versions, StreamAppend? Stale, long HeadPosition, byte[] HeadHash);

    /// <summary>Batch 1: lock the tenant's chain head, move the streams' versions, take sequence numbers. Nothing is inserted yet.</summary>
    private static async Task<Reserved> ReserveAsync(
        NpgsqlConnection connection, string tenantId, IReadOnlyList<StreamAppend> streams, CancellationToken ct)
    {
        var stored = new List<StoredEvent>();
        var versions = new Dictionary<string, long>(StringComparer.Ordinal);
        StreamAppend? stale = null;
        await using var batch = new NpgsqlBatch(connection);
        batch.BatchCommands.Add(new NpgsqlBatchCommand("BEGIN"));
        batch.BatchCommands.Add(Tenancy.SetTenant(tenantId));
        foreach (var command in ChainAppend.LockHead(tenantId))
            batch.BatchCommands.Add(command);
        foreach (var stream in streams)
            batch.BatchCommands.Add(AppendSql.For(tenantId, stream));
        await using var reader = await batch.ExecuteReaderAsync(ct);
        await reader.NextResultAsync(ct);
        await reader.ReadAsync(ct);
        var (headPosition, headHash) = (reader.GetInt64(0), reader.GetFieldValue<byte[]>(1));
        await reader.NextResultAsync(ct);
        await reader.ReadAsync(ct);
        var (recordedAt, txId) = (reader.GetFieldValue<DateTimeOffset>(0), reader.GetInt64(1));
        foreach (var stream in streams)
        {
            await reader.NextResultAsync(ct);
            var first = stored.Count;
            while (await reader.ReadAsync(ct))
            {
                var e = stream.Events[stored.Count - first];
                stored.Add(new StoredEvent(reader.GetInt64(1), tenantId, stream.StreamId, reader.GetInt64(0), e.EventId, e.EventType,
                    reader.GetString(2), reader.GetString(3), recordedAt, txId));
            }
            if (stored.Count == first)
                stale ??= stream;
            else
                versions[stream.StreamId] = stored[^1].Version;
        }
        stored.Sort((a, b) => a.Sequence.CompareTo(b.Sequence));
        return new Reserved(stored, versions, stale, headPosition, headHash);
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(ct);
    }
}
