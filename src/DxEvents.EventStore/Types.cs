namespace DxEvents.EventStore;

/// <summary>What the writer believes the stream's version is. Versions start at 1; 0 means "no stream yet".</summary>
public readonly record struct ExpectedVersion(long Value)
{
    public static readonly ExpectedVersion Any = new(-1);
    public static readonly ExpectedVersion NoStream = new(0);
    public static ExpectedVersion Exactly(long version) =>
        version >= 0 ? new(version) : throw new ArgumentOutOfRangeException(nameof(version));

    public bool IsAny => Value == -1;
    public override string ToString() => IsAny ? "any" : Value == 0 ? "no-stream" : Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>An event to append: its type name and JSON documents for data and metadata.</summary>
public sealed record EventToAppend(Guid EventId, string EventType, string Data, string Metadata)
{
    public static EventToAppend Create(string eventType, string data, string metadata) =>
        new(Guid.CreateVersion7(), eventType, data, metadata);
}

public sealed record StreamAppend(string StreamId, string StreamType, ExpectedVersion Expected, IReadOnlyList<EventToAppend> Events);

/// <summary>A committed event as the store holds it.</summary>
public sealed record StoredEvent(
    long Sequence,
    string TenantId,
    string StreamId,
    long Version,
    Guid EventId,
    string EventType,
    string Data,
    string Metadata,
    DateTimeOffset RecordedAt,
    long TransactionId);

public sealed record AppendResult(IReadOnlyDictionary<string, long> StreamVersions, IReadOnlyList<StoredEvent> Events)
{
    public long VersionOf(string streamId) => StreamVersions[streamId];
}

/// <summary>The stream moved on since the writer read it; nothing was appended.</summary>
public sealed class ConcurrencyException(string tenantId, string streamId, ExpectedVersion expected, long? actual)
    : Exception($"Stream '{streamId}' of tenant '{tenantId}' is at version {actual?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"}, expected {expected}.")
{
    public string TenantId { get; } = tenantId;
    public string StreamId { get; } = streamId;
    public ExpectedVersion Expected { get; } = expected;
    public long? ActualVersion { get; } = actual;
}
