using DxEvents.Domain.Reports;
using DxEvents.Domain.Texts;

namespace DxEvents.Domain.Measures;

// Why MeasureDecider refuses a command, and what a budget that does not add up is kept with, in both languages.

public sealed record MeasureNotFound : Text
{
    public override string Code => "measure-not-found";
    public override string Ja => "この計画にその施策はありません。";
    public override string En => "No such measure in this plan.";
}

public sealed record MeasureAlreadyStarted(MeasureLifecycle Lifecycle) : Text
{
    public override string Code => "measure-already-started";
    public override string Ja => $"この施策は既に「{Labels.Lifecycle(Lifecycle)}」です。開始は一度だけ記録できます。";
    public override string En => $"The measure is already {Lifecycle.ToString().ToLowerInvariant()}; it can be started only once.";
}

/// <summary>planned → started → (suspended ↔ started) → completed, or cancelled: <paramref name="To"/> is not next from <paramref name="From"/>.</summary>
public sealed record LifecycleChangeNotAllowed(MeasureLifecycle From, MeasureLifecycle To) : Text
{
    public override string Code => "lifecycle-change-not-allowed";
    public override string Ja => $"「{Labels.Lifecycle(From)}」の施策は{VerbJa}できません。";
    public override string En => $"A {From.ToString().ToLowerInvariant()} measure cannot be {VerbEn}.";

    private string VerbJa => To switch
    {
        MeasureLifecycle.Started => "再開",
        MeasureLifecycle.Suspended => "休止",
        MeasureLifecycle.Completed => "完了に",
        _ => "中止",
    };

    private string VerbEn => To switch
    {
        MeasureLifecycle.Started => "resumed",
        MeasureLifecycle.Suspended => "suspended",
        MeasureLifecycle.Completed => "completed",
        _ => "cancelled",
    };
}

public sealed record DateBeforeLastChange(DateOnly On, DateOnly LastChange) : Text
{
    public override string Code => "date-before-last-change";
    public override string Ja => $"{Say.DateJa(On)}は、直前の実施状況の変更（{Say.DateJa(LastChange)}）より前の日付です。";
    public override string En => $"{Say.Date(On)} is before the last lifecycle change on {Say.Date(LastChange)}.";
}

public sealed record FundingSourceRequired : Text
{
    public override string Code => "funding-source-required";
    public override string Ja => "財源の各行には財源名（交付金、補助金など）が必要です。";
    public override string En => "Each funding line needs a source name (交付金, 補助金…).";
}

public sealed record ScheduleItemNotFound(string ItemId) : Text
{
    public override string Code => "schedule-item-not-found";
    public override string Ja => $"この施策に工程「{ItemId}」はありません。";
    public override string En => $"The measure has no schedule item '{ItemId}'.";
}

public sealed record ScheduleItemAlreadyCompleted(string ItemId, DateOnly On) : Text
{
    public override string Code => "schedule-item-already-completed";
    public override string Ja => $"工程「{ItemId}」は{Say.DateJa(On)}に完了済みです。";
    public override string En => $"Schedule item '{ItemId}' was already completed on {Say.Date(On)}.";
}

/// <summary>A warning, not a refusal: kept as printed (Mima FY2023: 一般財源 3,398 above 事業費 3,388).</summary>
public sealed record GeneralFundsAboveTotal(long GeneralFunds, long Total) : Text
{
    public override string Code => "general-funds-above-total";
    public override string Ja => $"一般財源 {Say.Amount(GeneralFunds)} が事業費 {Say.Amount(Total)} を上回っています。記載どおりに保存しました。";
    public override string En => $"一般財源 {Say.Amount(GeneralFunds)} exceeds 事業費 {Say.Amount(Total)}; kept as printed.";
}

public sealed record FundingAboveTotal(long Funded, long Total) : Text
{
    public override string Code => "funding-above-total";
    public override string Ja => $"財源の合計 {Say.Amount(Funded)} が事業費 {Say.Amount(Total)} を上回っています。記載どおりに保存しました。";
    public override string En => $"Funding sources total {Say.Amount(Funded)}, above 事業費 {Say.Amount(Total)}; kept as printed.";
}
