using DxEvents.Domain.Reports;
using DxEvents.Domain.Texts;

namespace DxEvents.Domain.Measures;

// Why MeasureDecider refuses a command, and what a budget that does not add up is kept with, in both languages.

public sealed record MeasureNotFound() : Text(
    "measure-not-found",
    "この計画にその施策はありません。",
    "No such measure in this plan.");

public sealed record MeasureAlreadyStarted(MeasureLifecycle Lifecycle) : Text(
    "measure-already-started",
    $"この施策は既に「{Labels.Lifecycle(Lifecycle)}」です。開始は一度だけ記録できます。",
    $"The measure is already {Lifecycle.ToString().ToLowerInvariant()}; it can be started only once.");

/// <summary>planned → started → (suspended ↔ started) → completed, or cancelled: <paramref name="To"/> is not next from <paramref name="From"/>.</summary>
public sealed record LifecycleChangeNotAllowed(MeasureLifecycle From, MeasureLifecycle To) : Text(
    "lifecycle-change-not-allowed",
    $"「{Labels.Lifecycle(From)}」の施策は{VerbJa(To)}できません。",
    $"A {From.ToString().ToLowerInvariant()} measure cannot be {VerbEn(To)}.")
{
    private static string VerbJa(MeasureLifecycle to) => to switch
    {
        MeasureLifecycle.Started => "再開",
        MeasureLifecycle.Suspended => "休止",
        MeasureLifecycle.Completed => "完了に",
        _ => "中止",
    };

    private static string VerbEn(MeasureLifecycle to) => to switch
    {
        MeasureLifecycle.Started => "resumed",
        MeasureLifecycle.Suspended => "suspended",
        MeasureLifecycle.Completed => "completed",
        _ => "cancelled",
    };
}

public sealed record DateBeforeLastChange(DateOnly On, DateOnly LastChange) : Text(
    "date-before-last-change",
    $"{Say.DateJa(On)}は、直前の実施状況の変更（{Say.DateJa(LastChange)}）より前の日付です。",
    $"{Say.Date(On)} is before the last lifecycle change on {Say.Date(LastChange)}.");

public sealed record FundingSourceRequired() : Text(
    "funding-source-required",
    "財源の各行には財源名（交付金、補助金など）が必要です。",
    "Each funding line needs a source name (交付金, 補助金…).");

public sealed record ScheduleItemNotFound(string ItemId) : Text(
    "schedule-item-not-found",
    $"この施策に工程「{ItemId}」はありません。",
    $"The measure has no schedule item '{ItemId}'.");

public sealed record ScheduleItemAlreadyCompleted(string ItemId, DateOnly On) : Text(
    "schedule-item-already-completed",
    $"工程「{ItemId}」は{Say.DateJa(On)}に完了済みです。",
    $"Schedule item '{ItemId}' was already completed on {Say.Date(On)}.");

/// <summary>A warning, not a refusal: kept as printed (Mima FY2023: 一般財源 3,398 above 事業費 3,388).</summary>
public sealed record GeneralFundsAboveTotal(long GeneralFunds, long Total) : Text(
    "general-funds-above-total",
    $"一般財源 {Say.Amount(GeneralFunds)} が事業費 {Say.Amount(Total)} を上回っています。記載どおりに保存しました。",
    $"一般財源 {Say.Amount(GeneralFunds)} exceeds 事業費 {Say.Amount(Total)}; kept as printed.");

public sealed record FundingAboveTotal(long Funded, long Total) : Text(
    "funding-above-total",
    $"財源の合計 {Say.Amount(Funded)} が事業費 {Say.Amount(Total)} を上回っています。記載どおりに保存しました。",
    $"Funding sources total {Say.Amount(Funded)}, above 事業費 {Say.Amount(Total)}; kept as printed.");
