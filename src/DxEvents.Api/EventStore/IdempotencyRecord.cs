namespace DxEvents.Api.EventStore;

/// <summary>
/// An Idempotency-Key and what its first request was answered, a Marten document saved in the same transaction as
/// the events it answers: either both commit or neither. The answer is kept as its shape and the ids of its events,
/// and rebuilt from the stored events on a retry, because an event's sequence exists only once the append runs.
/// </summary>
public sealed class IdempotencyRecord
{
    public string Key { get; set; } = "";
    /// <summary>SHA-256 of the method, path and body: the same key with another request is refused.</summary>
    public string RequestHash { get; set; } = "";
    public AnswerShape Answer { get; set; } = new();
    public List<Guid> EventIds { get; set; } = [];
}

/// <summary>What an answer is made of besides its events.</summary>
public sealed class AnswerShape
{
    public const string Command = "command";
    public const string Import = "import";

    public string Kind { get; set; } = Command;
    public int Status { get; set; } = 200;
    /// <summary>The stream whose version is the answer's ETag.</summary>
    public string StreamId { get; set; } = "";
    public string? Location { get; set; }
    public string? PlanId { get; set; }
    public List<Infrastructure.FieldProblem> Warnings { get; set; } = [];
}
