using Npgsql;
using NpgsqlTypes;

namespace DxEvents.EventStore;

/// <summary>The answer given the first time; a retry with the same key gets it again.</summary>
public sealed record IdempotentResponse(int Status, string? ETag, string? Location, string Body);

/// <summary>Claims a key inside the append transaction, so the events and the remembered answer commit together.</summary>
public sealed record IdempotencyClaim(string Key, string RequestHash, Func<AppendResult, IdempotentResponse> Respond);

public sealed record StoredIdempotency(string Key, string RequestHash, IdempotentResponse Response);

/// <summary>Another request with the same key committed first; look it up and answer with its response.</summary>
public sealed class IdempotencyKeyTakenException(string key)
    : Exception($"Idempotency key '{key}' was used by a request that committed first.")
{
    public string Key { get; } = key;
}

internal static class IdempotencySql
{
    // A plain INSERT: a key taken by a request that committed first fails the batch, so COMMIT never runs.
    public static NpgsqlBatchCommand Remember(string tenantId, IdempotencyClaim claim, IdempotentResponse response) => new("""
        INSERT INTO dx_idempotency (tenant_id, key, request_hash, status, etag, location, body) VALUES ($1, $2, $3, $4, $5, $6, $7)
        """)
    {
        Parameters =
        {
            new() { Value = tenantId },
            new() { Value = claim.Key },
            new() { Value = claim.RequestHash },
            new() { Value = response.Status },
            new() { Value = (object?)response.ETag ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text },
            new() { Value = (object?)response.Location ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text },
            new() { Value = response.Body },
        },
    };
}
