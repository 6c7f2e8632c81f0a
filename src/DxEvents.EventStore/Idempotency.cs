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
