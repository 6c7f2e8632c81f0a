using DxEvents.Domain.Texts;

namespace DxEvents.Domain.Plans.Import;

/// <summary>One problem in a plan document. Pointer is an RFC 6901 JSON pointer to the offending value
/// ("" for the document itself), so a refusal can list every problem where it is; Message says it in both languages.</summary>
public sealed record ValidationProblem(string Pointer, Text Message);

/// <summary>The opening events of one stream, in append order.</summary>
public sealed record StreamOpening(string StreamId, string StreamType, IReadOnlyList<IDomainEvent> Events);

/// <summary>Either every error in the document, or the streams to open. Nothing may be appended on rejection.</summary>
public abstract record PlanImportResult;

public sealed record PlanImportRejected(IReadOnlyList<ValidationProblem> Errors) : PlanImportResult;

/// <summary>Tenant is as written in the document: the caller checks it is the municipality it imports for.
/// Warnings are inconsistencies kept as printed; they belong in the import's event metadata and response.</summary>
public sealed record PlanImportAccepted(
    string Tenant,
    string PlanId,
    IReadOnlyList<StreamOpening> Streams,
    IReadOnlyList<ValidationProblem> Warnings) : PlanImportResult
{
    public IEnumerable<IDomainEvent> Events => Streams.SelectMany(s => s.Events);

    /// <summary>The plan it follows (前期計画), when the document names one.</summary>
    public string? Predecessor => Events.OfType<PlanAdopted>().FirstOrDefault()?.Predecessor;
}
