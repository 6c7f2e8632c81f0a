using System.Globalization;
using DxEvents.Domain.Fiscal;
using DxEvents.Domain.Kpis;
using DxEvents.Domain.Measures;
using DxEvents.Domain.Plans;
using DxEvents.Domain.Status;

namespace DxEvents.Domain.Reports;

/// <summary>How reports name things for the people who read them: the terms a DX office uses, numbers as printed.</summary>
public static class Labels
{
    public static string Status(ProgressStatus status) => status switch
    {
        ProgressStatus.Achieved => "達成",
        ProgressStatus.OnTrack => "順調",
        ProgressStatus.AtRisk => "要注意",
        ProgressStatus.OffTrack => "遅れ",
        ProgressStatus.NoData => "データなし",
        ProgressStatus.NotStarted => "未着手",
        _ => "中止",
    };

    /// <summary>The wire name (on_track …), the same word the JSON answers use.</summary>
    public static string StatusCode(ProgressStatus status) => status switch
    {
        ProgressStatus.Achieved => "achieved",
        ProgressStatus.OnTrack => "on_track",
        ProgressStatus.AtRisk => "at_risk",
        ProgressStatus.OffTrack => "off_track",
        ProgressStatus.NoData => "no_data",
        ProgressStatus.NotStarted => "not_started",
        _ => "cancelled",
    };

    public static string Lifecycle(MeasureLifecycle lifecycle) => lifecycle switch
    {
        MeasureLifecycle.Planned => "未着手",
        MeasureLifecycle.Started => "実施中",
        MeasureLifecycle.Suspended => "休止中",
        MeasureLifecycle.Completed => "完了",
        _ => "中止",
    };

    public static string Code<T>(T value)
        where T : struct, Enum => JsonNamingCamel(value.ToString());

    /// <summary>Invariant, no exponent, no trailing zeros; thousands separated when <paramref name="grouped"/>.</summary>
    public static string Number(decimal value, bool grouped = false) =>
        value.ToString(grouped ? "#,0.##########" : "0.##########", CultureInfo.InvariantCulture);

    public static string Amount(long value) => value.ToString("#,0", CultureInfo.InvariantCulture);

    public static string Span(int from, int to) =>
        from == to ? new FiscalYear(to).Display : $"{new FiscalYear(from).Display}〜{new FiscalYear(to).Display}";

    public static string Target(KpiTarget target, string? unit) =>
        target.Value is { } value
            ? $"{Number(value, true)}{unit}（{Span(target.FromFiscalYear ?? target.FiscalYear, target.FiscalYear)}）"
            : $"完了（{new FiscalYear(target.FiscalYear).Display}まで）";

    public static string Baseline(KpiBaseline? baseline, string? unit) =>
        baseline is null ? "なし" : $"{Number(baseline.Value, true)}{unit}（{new FiscalYear(baseline.FiscalYear).Display}）";

    public static string Budget(BudgetFigures figures)
    {
        var funding = string.Concat(figures.Funding.Select(f => $"、{f.Source} {Amount(f.Amount)}"));
        return $"事業費 {Amount(figures.Total)}、一般財源 {Amount(figures.GeneralFunds)}{funding}（千円）";
    }

    public static string Tolerances(Tolerances tolerances) =>
        $"順調 {Number(tolerances.OnTrack)}、要注意 {Number(tolerances.AtRisk)}";

    public static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>A date as the pages and Japanese messages print it: 2026年1月1日.</summary>
    public static string DateJa(DateOnly date) => string.Create(CultureInfo.InvariantCulture, $"{date.Year}年{date.Month}月{date.Day}日");

    private static string JsonNamingCamel(string name) => char.ToLowerInvariant(name[0]) + name[1..];

    /// <summary>The office's word for each kind of event (changes page, history CSV).</summary>
    public static string Change(IDomainEvent domainEvent) => domainEvent switch
    {
        PlanAdopted => "計画の策定",
        PlanRevised => "計画の改訂",
        PillarAdded => "基本方針の追加",
        ToleranceRevised => "判定基準（許容幅）の改訂",
        MeasureRegistered => "施策の登録",
        MeasureStarted => "施策の開始",
        MeasureSuspended => "施策の休止",
        MeasureResumed => "施策の再開",
        MeasureCompleted => "施策の完了",
        MeasureCancelled => "施策の中止",
        ScheduleItemPlanned => "工程の計画",
        ScheduleItemCompleted => "工程の完了",
        BudgetPlanned => "事業費の計上",
        BudgetRevised => "事業費の改訂",
        KpiDefined => "指標の追加",
        KpiTargetRevised => "目標値の改訂",
        KpiBaselineRevised => "現状値の改訂",
        KpiMeasured => "実績値の記録",
        KpiMeasurementCorrected => "実績値の訂正",
        KpiFigureSubmittedForReview => "実績値の確認待ち",
        KpiFigureConfirmed => "実績値の確認",
        KpiFigureReturned => "実績値の差し戻し",
        Access.AccessGranted => "アクセスの付与",
        Access.AccessRevoked => "アクセスの取り消し",
        Access.ApiKeyCreated => "APIキーの作成",
        Access.ApiKeyRevoked => "APIキーの失効",
        Access.ResidentsPageOpened => "住民向けページの公開",
        Access.ResidentsPageClosed => "住民向けページの公開終了",
        Access.FigureReviewTurnedOn => "実績値の確認の開始",
        Access.FigureReviewTurnedOff => "実績値の確認の終了",
        Deadlines.FiguresDeadlineSet => "提出期限の設定",
        Deadlines.ReminderSent => "お知らせメールの送信",
        Deadlines.ReminderFailed => "お知らせメールの送信失敗",
        _ => domainEvent.GetType().Name,
    };
}
