using System.Runtime.CompilerServices;
using Npgsql;
using NpgsqlTypes;

namespace DxEvents.EventStore;

/// <summary>Bounds for reading a tenant's history: by stream, type, actor, time and sequence.</summary>
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

public sealed partial class EventStore
{
    private const string Columns = "seq, tenant_id, stream_id, version, event_id, event_type, data::text, metadata::text, recorded_at, tx_id";

    public async Task<long?> GetStreamVersionAsync(string tenantId, string streamId, CancellationToken ct = default)
    {
        return await InTenantAsync(tenantId, async (connection, tx) =>
        {
            await using var command = new NpgsqlCommand("SELECT version FROM dx_streams WHERE tenant_id = $1 AND stream_id = $2", connection, tx);
            command.Parameters.Add(new() { Value = tenantId });
            command.Parameters.Add(new() { Value = streamId });
            return await command.ExecuteScalarAsync(ct) is long version ? version : (long?)null;
        }, ct);
    }

    /// <summary>One stream in version order, optionally only up to a version or a recorded-at time.</summary>
    public async Task<IReadOnlyList<StoredEvent>> ReadStreamAsync(
        string tenantId, string streamId, long? upToVersion = null, DateTimeOffset? recordedUntil = null, CancellationToken ct = default)
    {
        var events = new List<StoredEvent>();
        await foreach (var e in ReadAsync(tenantId, new EventFilter { StreamId = streamId, UpToVersion = upToVersion, RecordedUntil = recordedUntil }, ct))
            events.Add(e);
        return events;
    }

    /// <summary>A tenant's events in sequence order, streamed.</summary>
    public async IAsyncEnumerable<StoredEvent> ReadAsync(string tenantId, EventFilter filter, [EnumeratorCancellation] CancellationToken ct = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        await Tenancy.SetTenantAsync(connection, tx, tenantId, ct);
        await using var command = new NpgsqlCommand { Connection = connection, Transaction = tx };
        var where = new List<string> { "tenant_id = $1" };
        command.Parameters.Add(new() { Value = tenantId });
        void Add(string condition, object value, NpgsqlDbType type)
        {
            command.Parameters.Add(new() { Value = value, NpgsqlDbType = type });
            where.Add(condition.Replace("@", "$" + command.Parameters.Count, StringComparison.Ordinal));
        }
        if (filter.StreamId is { } stream) Add("stream_id = @", stream, NpgsqlDbType.Text);
        if (filter.StreamPrefix is { } prefix) Add("(stream_id = @ OR starts_with(stream_id, @ || '/'))", prefix, NpgsqlDbType.Text);
        if (filter.EventTypes is { Count: > 0 } types) Add("event_type = ANY(@)", types.ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text);
        if (filter.Actor is { } actor) Add("metadata->>'actor' = @", actor, NpgsqlDbType.Text);
        if (filter.RecordedFrom is { } from) Add("recorded_at >= @", from.ToUniversalTime(), NpgsqlDbType.TimestampTz);
        if (filter.RecordedUntil is { } until) Add("recorded_at <= @", until.ToUniversalTime(), NpgsqlDbType.TimestampTz);
        if (filter.AfterSequence is { } after) Add("seq > @", after, NpgsqlDbType.Bigint);
        if (filter.UpToSequence is { } upTo) Add("seq <= @", upTo, NpgsqlDbType.Bigint);
        if (filter.UpToVersion is { } version) Add("version <= @", version, NpgsqlDbType.Bigint);
        var order = filter.StreamId is null ? "seq" : "version";
        var limit = filter.Limit is { } n ? $" LIMIT {n}" : "";
        command.CommandText = $"SELECT {Columns} FROM dx_events WHERE {string.Join(" AND ", where)} ORDER BY {order}{limit}";
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            yield return ReadEvent(reader);
    }

    internal static StoredEvent ReadEvent(NpgsqlDataReader reader) => new(
        reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetInt64(3), reader.GetGuid(4),
        reader.GetString(5), reader.GetString(6), reader.GetString(7), reader.GetFieldValue<DateTimeOffset>(8), reader.GetInt64(9));

    /// <summary>Runs work in a transaction scoped to one tenant: row-level security sees only its rows.</summary>
    public async Task<T> InTenantAsync<T>(string tenantId, Func<NpgsqlConnection, NpgsqlTransaction, Task<T>> work, CancellationToken ct = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        await Tenancy.SetTenantAsync(connection, tx, tenantId, ct);
        var result = await work(connection, tx);
        await tx.CommitAsync(ct);
        return result;
    }

    public async Task<StoredIdempotency?> FindIdempotentAsync(string tenantId, string key, CancellationToken ct = default)
    {
        return await InTenantAsync(tenantId, async (connection, tx) =>
        {
            await using var command = new NpgsqlCommand(
                "SELECT request_hash, status, etag, location, body FROM dx_idempotency WHERE tenant_id = $1 AND key = $2", connection, tx);
            command.Parameters.Add(new() { Value = tenantId });
            command.Parameters.Add(new() { Value = key });
            await using var reader = await command.ExecuteReaderAsync(ct);
            if (!await reader.ReadAsync(ct))
                return null;
            return new StoredIdempotency(key, reader.GetString(0), new IdempotentResponse(
                reader.GetInt32(1), reader.IsDBNull(2) ? null : reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3), reader.GetString(4)));
        }, ct);
    }
}
