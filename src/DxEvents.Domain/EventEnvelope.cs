namespace DxEvents.Domain;

/// <summary>Who asked for a change and why. Reason is required by the API for revisions and corrections;
/// Warnings carries inconsistencies kept as printed (e.g. the import's budget warnings).</summary>
public sealed record EventMetadata(
    string Actor,
    string? Reason,
    string? CorrelationId,
    string? CausationId,
    IReadOnlyList<string>? Warnings);

/// <summary>A stored event as projections see it. Sequence is the store's global order; RecordedAt is the
/// server clock at append, never client-supplied.</summary>
public sealed record EventEnvelope(
    long Sequence,
    string StreamId,
    long Version,
    IDomainEvent Event,
    EventMetadata Metadata,
    DateTimeOffset RecordedAt);
