using System.Globalization;
using DxEvents.Api.Auth;
using DxEvents.Domain.Fiscal;
using DxEvents.Domain.Kpis;
using DxEvents.Domain.Reports;
using DxEvents.Domain.Status;

namespace DxEvents.Api.Web;

/// <summary>How the pages say things in Japanese. The words for statuses, lifecycles and changes are the domain's
/// <see cref="Labels"/> (the same as the CSV exports and the offline replay); the rest is the pages' own.</summary>
public static class Ja
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static string Role(string? role) => role switch
    {
        Roles.Headquarters => "DX推進本部",
        Roles.Auditor => "監査",
        Roles.Office => "DX推進担当（事務局）",
        Roles.Recorder => "担当課（実績の記録）",
        _ => "不明",
    };

    /// <summary>A symbol beside the word, so that a status is never told by colour alone (nor by the symbol alone).</summary>
    public static string Symbol(ProgressStatus status) => status switch
    {
        ProgressStatus.Achieved => "◎",
        ProgressStatus.OnTrack => "○",
        ProgressStatus.AtRisk => "△",
        ProgressStatus.OffTrack => "×",
        ProgressStatus.NoData => "－",
        ProgressStatus.NotStarted => "・",
        _ => "／",
    };

    public static IReadOnlyList<ProgressStatus> Order { get; } =
        [ProgressStatus.Achieved, ProgressStatus.OnTrack, ProgressStatus.AtRisk, ProgressStatus.OffTrack, ProgressStatus.NoData, ProgressStatus.NotStarted, ProgressStatus.Cancelled];

    public static int Count(StatusCounts counts, ProgressStatus status) => status switch
    {
        ProgressStatus.Achieved => counts.Achieved,
        ProgressStatus.OnTrack => counts.OnTrack,
        ProgressStatus.AtRisk => counts.AtRisk,
        ProgressStatus.OffTrack => counts.OffTrack,
        ProgressStatus.NoData => counts.NoData,
        ProgressStatus.NotStarted => counts.NotStarted,
        _ => counts.Cancelled,
    };

    public static string Instant(DateTimeOffset instant)
    {
        var t = instant.ToOffset(PageTime.Japan);
        return $"{t.Year}年{t.Month}月{t.Day}日 {t.ToString("HH:mm:ss", Invariant)}";
    }

    public static string IsoInstant(DateTimeOffset instant) => instant.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", Invariant);

    public static string Percent(decimal? share) => share is { } s ? $"{Math.Round(s * 100, 1).ToString("0.#", Invariant)}%" : "－";

    public static string Value(decimal? value, string? unit) => value is { } v ? $"{Labels.Number(Math.Round(v, 2), true)}{unit}" : "－";

    public static string Kind(KpiKind kind, KpiCombine combine) => (kind, combine) switch
    {
        (KpiKind.Milestone, _) => "達成／未達成",
        (_, KpiCombine.Sum) => "期間の合計",
        (_, KpiCombine.Average) => "期間の平均",
        (KpiKind.Rate, _) => "割合（最新の値）",
        _ => "最新の値",
    };

    public static string Direction(KpiDirection direction) => direction == KpiDirection.Increase ? "増やす" : "減らす";

    /// <summary>Why a KPI has no progress status, or what its figures are while its measure has not started: the report's
    /// own reason, in Japanese (the API says the same in the request's language).</summary>
    public static string? Reason(KpiStatusLine kpi)
    {
        ArgumentNullException.ThrowIfNull(kpi);
        return kpi.Reason?.Ja;
    }

    /// <summary>The KPI's reason where its measure does not already say it: a KPI of a measure not started says the same as the
    /// measure, unless it has figures all the same.</summary>
    public static string? ReasonBesideMeasure(KpiStatusLine kpi)
    {
        ArgumentNullException.ThrowIfNull(kpi);
        return kpi.Reason is KpiOfMeasureNotStarted ? null : kpi.Reason?.Ja;
    }

    /// <summary>The report's reason for a measure, or how a measure without KPIs was judged by its schedule.</summary>
    public static string? Reason(MeasureStatus measure)
    {
        ArgumentNullException.ThrowIfNull(measure);
        return measure.Reason?.Ja ?? measure switch
        {
            { Basis: "schedule", Schedule.LateItemIds.Count: > 0 } => $"指標がないため工程で判定：遅れている工程 {measure.Schedule.LateItemIds.Count} 件。",
            { Basis: "schedule" } => "指標がないため工程で判定：遅れている工程はありません。",
            _ => null,
        };
    }

    public static string Date(DateOnly date) => Labels.DateJa(date);

    /// <summary>The office's word for a stored event (Labels.Change), the type name for anything it does not know.</summary>
    public static string Change(DxEvents.Api.Audit.AuditEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return DxEvents.Domain.EventCatalog.EventTypeNames.Contains(e.Type)
            ? Labels.Change(DxEvents.Domain.EventCatalog.Deserialize(e.Type, e.Data.GetRawText()))
            : e.Type;
    }

    /// <summary>The office's word for an event type by its stored name. Labels.Change decides by the event's type alone, so
    /// an instance without data stands in for one.</summary>
    public static string Change(string type) =>
        DxEvents.Domain.EventCatalog.EventTypeNames.Contains(type)
            ? Labels.Change((DxEvents.Domain.IDomainEvent)System.Runtime.CompilerServices.RuntimeHelpers.GetUninitializedObject(DxEvents.Domain.EventCatalog.TypeOf(type)))
            : type;

    public static string StreamKind(string? type) => type switch
    {
        "plan" => "計画",
        "measure" => "施策",
        "kpi" => "数値目標",
        "access" => "アクセス管理",
        "reminder" => "お知らせメール",
        _ => "その他",
    };
}
