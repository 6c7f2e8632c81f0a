namespace DxEvents.Api.Web.Pages.Residents;

/// <summary>What a resident needs to check a page against a published bundle: the instant it reads up to, the chain head it
/// pins, and, for one plan, the report's digest.</summary>
public sealed record Checkable(DateOnly ReportingDate, DateTimeOffset? LastRecordedAt, DxEvents.Api.Integrity.ChainPin Chain, string? ReportDigest);
