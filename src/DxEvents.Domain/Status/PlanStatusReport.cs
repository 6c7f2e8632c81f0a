using System.Text.Json.Serialization;
using DxEvents.Domain.Fiscal;
using DxEvents.Domain.Kpis;
using DxEvents.Domain.Measures;
using DxEvents.Domain.Plans;
using DxEvents.Domain.Texts;

namespace DxEvents.Domain.Status;

/// <summary>Declared from worst to best: a measure takes its worst KPI's status by this order.
/// NotStarted and Cancelled come from the lifecycle and are never compared.</summary>
public enum ProgressStatus
{
    [JsonStringEnumMemberName("off_track")]
    OffTrack,

    [JsonStringEnumMemberName("at_risk")]
    AtRisk,

    [JsonStringEnumMemberName("no_data")]
    NoData,

    [JsonStringEnumMemberName("on_track")]
    OnTrack,

    [JsonStringEnumMemberName("achieved")]
    Achieved,

    [JsonStringEnumMemberName("not_started")]
    NotStarted,

    [JsonStringEnumMemberName("cancelled")]
    Cancelled,
}

/// <summary>A quarter as data and as a person reads it (西暦 and 和暦).</summary>
public sealed record QuarterRef(int FiscalYear, int Quarter, string Display)
{
    public static QuarterRef Of(FiscalQuarter quarter) => new(quarter.Year.Year, quarter.Number, quarter.Display);
}

public sealed record FiscalYearSpan(int FromFiscalYear, int ToFiscalYear, string Display);

public sealed record StatusCounts(int Achieved, int OnTrack, int AtRisk, int OffTrack, int NoData, int NotStarted, int Cancelled)
{
    public static StatusCounts Of(IEnumerable<ProgressStatus> statuses)
    {
        var all = statuses.ToList();
        int Count(ProgressStatus s) => all.Count(x => x == s);
        return new(Count(ProgressStatus.Achieved), Count(ProgressStatus.OnTrack), Count(ProgressStatus.AtRisk), Count(ProgressStatus.OffTrack),
            Count(ProgressStatus.NoData), Count(ProgressStatus.NotStarted), Count(ProgressStatus.Cancelled));
    }
}

/// <summary>事業費 of one fiscal year summed over measures, 千円: as planned and as currently in force.
/// Undetermined lines are counted, not summed.</summary>
public sealed record BudgetYearTotal(int FiscalYear, string Display, long Planned, long Current, int UndeterminedPlanned, int UndeterminedCurrent);

/// <summary>One KPI's evaluation. Progress and Expected are rounded to 4 places for reading; the status was
/// decided on the unrounded values. ExpectedFrom..ExpectedTo is the span whose elapsed share is Expected. AwaitingReview:
/// figures of the quarters read that wait for the office's review, and so do not count yet.</summary>
public sealed record KpiStatusLine(
    string KpiId,
    string Name,
    string? Unit,
    KpiKind Kind,
    KpiCombine Combine,
    KpiDirection Direction,
    KpiBaseline? Baseline,
    KpiTarget Target,
    FiscalYearSpan? Window,
    QuarterRef? Latest,
    decimal? Value,
    decimal? Progress,
    decimal? Expected,
    DateOnly? ExpectedFrom,
    DateOnly? ExpectedTo,
    ProgressStatus Status,
    Text? Reason,
    int AwaitingReview = 0);

public sealed record ScheduleAdherence(int Items, int Completed, IReadOnlyList<string> LateItemIds);

/// <summary>Basis is "kpis", "schedule" or "lifecycle": what the status was decided on.</summary>
public sealed record MeasureStatus(
    string MeasureId,
    string PillarId,
    string Title,
    string? Department,
    MeasureLifecycle Lifecycle,
    ProgressStatus Status,
    string Basis,
    Text? Reason,
    IReadOnlyList<KpiStatusLine> Kpis,
    ScheduleAdherence Schedule,
    IReadOnlyList<BudgetYearTotal> Budget);

public sealed record PillarStatus(
    string PillarId,
    string Title,
    StatusCounts Measures,
    StatusCounts Kpis,
    IReadOnlyList<BudgetYearTotal> Budget,
    IReadOnlyList<MeasureStatus> MeasureStatuses);

/// <summary>The headquarters view of one plan at a reporting date, with the tolerances it was judged by. EffectiveDate is the
/// date the rule was applied at: the reporting date, or the plan's last day once the plan has ended (FinalEvaluation, with
/// FinalEvaluationNote saying so; LastClosedQuarter is then the plan's last quarter). AwaitingReview: the KPIs' figures that
/// wait for the office's review and are not counted.</summary>
public sealed record PlanStatusReport(
    string PlanId,
    string Title,
    Municipality Municipality,
    FiscalYearSpan Period,
    DateOnly ReportingDate,
    DateOnly EffectiveDate,
    bool FinalEvaluation,
    Text? FinalEvaluationNote,
    QuarterRef LastClosedQuarter,
    Tolerances Tolerances,
    long AsOfSequence,
    StatusCounts Measures,
    StatusCounts Kpis,
    IReadOnlyList<BudgetYearTotal> Budget,
    IReadOnlyList<PillarStatus> Pillars,
    int AwaitingReview = 0);
