using DxEvents.Domain.Plans;
using DxEvents.Domain.Status;

namespace DxEvents.Domain.Reports;

/// <summary>
/// What changed in one plan between two instants (since, until]: the page the headquarters reads before a meeting.
/// Statuses are judged at the Japanese date of each instant on what was known then, under the rules in force then;
/// AtSince fields are null when the plan did not exist yet at <see cref="Since"/>.
/// </summary>
public sealed record PlanChangeReport(
    string PlanId,
    string Title,
    Municipality Municipality,
    DateTimeOffset Since,
    DateTimeOffset Until,
    DateOnly SinceDate,
    DateOnly UntilDate,
    int EventCount,
    StatusCounts? MeasuresAtSince,
    StatusCounts MeasuresAtUntil,
    StatusCounts? KpisAtSince,
    StatusCounts KpisAtUntil,
    Tolerances? TolerancesAtSince,
    Tolerances TolerancesAtUntil,
    IReadOnlyList<ChangeGroup> Groups);

/// <summary>The changes of one measure (MeasureId null: the plan itself — its definition, pillars, tolerances), with the
/// status of the measure and each of its KPIs at since and at until.</summary>
public sealed record ChangeGroup(
    string? MeasureId,
    string Title,
    string? PillarId,
    string? PillarTitle,
    string? Department,
    IReadOnlyList<StatusChange> Statuses,
    IReadOnlyList<Change> Changes);

/// <summary>Subject is "measure" or "kpi". Before is null when it did not exist yet at since.</summary>
public sealed record StatusChange(
    string Subject,
    string Id,
    string Name,
    ProgressStatus? Before,
    ProgressStatus After,
    decimal? ValueBefore,
    decimal? ValueAfter,
    decimal? ProgressBefore,
    decimal? ProgressAfter,
    bool Changed);

/// <summary>
/// One event, as a person reads it: what kind of change (What, in the office's words), on what (Subject), the value
/// before and after as text (null = none), the numbers where one number says it (a figure, a target, a 事業費 total),
/// and who, when and why.
/// </summary>
public sealed record Change(
    long Sequence,
    DateTimeOffset RecordedAt,
    string Actor,
    string? Reason,
    string? CorrelationId,
    string EventType,
    string StreamId,
    string? KpiId,
    string What,
    string Subject,
    string? Before,
    string? After,
    decimal? ValueBefore,
    decimal? ValueAfter,
    string Summary);
