using DxEvents.Domain.Fiscal;
using DxEvents.Domain.Texts;

namespace DxEvents.Domain.Kpis;

// Why KpiDecider refuses a command, in both languages.

public sealed record KpiNotFound() : Text(
    "kpi-not-found",
    "この計画にその数値目標（KPI）はありません。",
    "No such KPI in this plan.");

/// <summary>One figure per quarter: a different one is a correction, with a reason. Where to send it is the service's to say
/// (the API's problem details link it; a page shows its own link).</summary>
public sealed record FigureAlreadyRecorded(FiscalQuarter Quarter, decimal Existing) : Text(
    "figure-already-recorded",
    $"{Quarter.Display}の実績値は既に {Say.Grouped(Existing)} が記録されています。変更するには、理由を添えて訂正してください。",
    $"{Quarter.Display} already has the figure {Say.Number(Existing)}. To change it, send a correction with a reason.");

public sealed record NoFigureToCorrect(FiscalQuarter Quarter) : Text(
    "no-figure-to-correct",
    $"{Quarter.Display}には訂正する実績値がありません。先に実績値を記録してください。",
    $"{Quarter.Display} has no figure to correct; record it first.");

public sealed record CorrectionChangesNothing(FiscalQuarter Quarter, decimal Current) : Text(
    "correction-changes-nothing",
    $"{Quarter.Display}の実績値は既に {Say.Grouped(Current)} です。訂正する内容がありません。",
    $"{Quarter.Display} is already {Say.Number(Current)}; nothing to correct.");

public sealed record FigureOutOfRange(decimal Value) : Text(
    "figure-out-of-range",
    $"{Say.Number(Value)} は実績値として扱えません（絶対値で {Say.Grouped(KpiDecider.MaxFigure)} まで）。",
    $"{Say.Number(Value)} is beyond any KPI figure (at most {Say.Grouped(KpiDecider.MaxFigure)} in size).");

public sealed record QuarterNotStarted(FiscalQuarter Quarter) : Text(
    "quarter-not-started",
    $"{Quarter.Display}は{Say.DateJa(Quarter.Start)}に始まる四半期のため、まだ実績値を記録できません。",
    $"{Quarter.Display} starts on {Say.Date(Quarter.Start)}; it has no figure yet.");

public sealed record MilestoneFigure() : Text(
    "milestone-figure",
    "達成型の指標の実績値は 1（達成）か 0（未達成）です。",
    "A milestone figure is 1 (done) or 0 (not done).");

public sealed record TargetWindowAfterYear(int From, int Year) : Text(
    "target-window-after-year",
    $"集計期間の始まり（{new FiscalYear(From).Display}）を目標年度（{new FiscalYear(Year).Display}）より後にはできません。",
    $"The window cannot start ({Say.Number(From)}) after the target year ({Say.Number(Year)}).");

public sealed record MilestoneTargetHasNoValue() : Text(
    "milestone-target-has-no-value",
    "達成型の指標の目標に値は指定しません。達成（1）したかどうかで判定します。",
    "A milestone's target has no value: it is done (1) or not.");

public sealed record TargetValueRequired() : Text(
    "target-value-required",
    "目標値を指定してください。",
    "A target value is required.");

public sealed record MilestoneHasNoBaseline() : Text(
    "milestone-has-no-baseline",
    "達成型の指標に現状値はありません。未達成（0）から始まります。",
    "A milestone has no baseline: it starts not done (0).");

public sealed record NoFigureToReview(FiscalQuarter Quarter) : Text(
    "no-figure-to-review",
    $"{Quarter.Display}には確認する実績値がありません。",
    $"{Quarter.Display} has no figure to review.");

/// <summary>Only a waiting figure is confirmed or returned: a figure recorded without review counts already, a confirmed one
/// is decided, and a returned one waits for its department's correction.</summary>
public sealed record FigureNotAwaitingReview(FiscalQuarter Quarter, FigureReview Review) : Text(
    "figure-not-awaiting-review",
    $"{Quarter.Display}の実績値は確認待ちではありません（{Review switch { FigureReview.Confirmed => "確認済み", FigureReview.Returned => "差し戻し中：担当課の訂正を待っています", _ => "確認の対象外" }}）。",
    $"{Quarter.Display}'s figure is not waiting for review ({Review switch { FigureReview.Confirmed => "confirmed", FigureReview.Returned => "returned: its department has to correct it", _ => "not under review" }}).");

public sealed record OwnFigureReview(FiscalQuarter Quarter) : Text(
    "own-figure-review",
    $"{Quarter.Display}の実績値は自分で記録したものです。記録した人以外の事務局の職員が確認してください。",
    $"You recorded {Quarter.Display}'s figure yourself: someone else in the office has to review it.");

/// <summary>The figure was corrected after the office looked at it: what it decides on has to be what it saw.</summary>
public sealed record ReviewedFigureChanged(FiscalQuarter Quarter, decimal Reviewed, decimal Current) : Text(
    "reviewed-figure-changed",
    $"{Quarter.Display}の実績値は {Say.Grouped(Reviewed)} から {Say.Grouped(Current)} に訂正されています。訂正後の値を確かめてから確認してください。",
    $"{Quarter.Display}'s figure was corrected from {Say.Number(Reviewed)} to {Say.Number(Current)}; review the corrected figure.");
