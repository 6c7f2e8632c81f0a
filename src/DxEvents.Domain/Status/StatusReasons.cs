using DxEvents.Domain.Fiscal;
using DxEvents.Domain.Texts;

namespace DxEvents.Domain.Status;

// Why a measure or a KPI has no progress status (or the status it has without arithmetic), in both languages: the
// `reason` of the JSON status and the note the pages print.

public sealed record MeasureNotStartedBy(DateOnly ReportingDate) : Text(
    "measure-not-started",
    $"{Say.DateJa(ReportingDate)}の時点で施策が始まっていません。",
    $"The measure had not started by {Say.Date(ReportingDate)}.");

/// <summary>A KPI of a measure not started by the reporting date is not judged.</summary>
public sealed record KpiOfMeasureNotStarted(DateOnly ReportingDate) : Text(
    "kpi-measure-not-started",
    $"{Say.DateJa(ReportingDate)}の時点で施策が始まっていないため、判定していません。",
    $"The measure had not started by {Say.Date(ReportingDate)}.");

/// <summary>…and yet it has figures for quarters closed by then: they are shown, with this note, and still not judged.
/// <paramref name="Value"/> is the <paramref name="Latest"/> quarter's own figure.</summary>
public sealed record FiguresWhileMeasureNotStarted(DateOnly ReportingDate, FiscalQuarter Latest, decimal Value, string? Unit) : Text(
    "figures-while-measure-not-started",
    $"{Say.DateJa(ReportingDate)}の時点で施策が始まっていないため、判定していません。ただし実績値は記録されています（最新 {Latest.Display}：{Say.Grouped(Value)}{Unit}）。",
    $"The measure had not started by {Say.Date(ReportingDate)}, so the KPI is not judged; it has figures all the same (latest {Latest.Display}: {Say.Number(Value)}{Unit}).");

public sealed record MeasureCancelledBy(DateOnly ReportingDate) : Text(
    "measure-cancelled",
    $"施策は{Say.DateJa(ReportingDate)}までに中止されました。",
    $"The measure was cancelled by {Say.Date(ReportingDate)}.");

public sealed record NothingToJudgeBy() : Text(
    "nothing-to-judge-by",
    "指標も工程もないため、判定できません。",
    "The measure has no KPI and no schedule item to judge it by.");

public sealed record NoClosedQuarterFigure(DateOnly ReportingDate) : Text(
    "no-figure",
    $"{Say.DateJa(ReportingDate)}までに締まった四半期の実績値がありません。",
    $"No figure for any quarter closed by {Say.Date(ReportingDate)}.");

public sealed record LatestFigureTooOld(FiscalQuarter Latest, FiscalQuarter Previous, FiscalQuarter LastClosed) : Text(
    "latest-figure-too-old",
    $"最新の実績値は{Latest.Display}のもので、直近2四半期（{Previous.Display}・{LastClosed.Display}）の値がありません。",
    $"The latest figure is for {Latest.Display}; none for {Previous.Display} or {LastClosed.Display}.");

public sealed record NoRecentFigureInWindow(FiscalQuarter Previous, FiscalQuarter LastClosed, string Window) : Text(
    "no-recent-figure-in-window",
    $"目標期間（{Window}）の直近2四半期（{Previous.Display}・{LastClosed.Display}）の実績値がありません。",
    $"No figure for {Previous.Display} or {LastClosed.Display} in the window {Window}.");

public sealed record NothingToAverage(string Window) : Text(
    "nothing-to-average",
    $"目標期間（{Window}）には、まだ平均する実績値がありません。",
    $"No figure yet in the window {Window} to average.");

/// <summary>A report read after the plan's last fiscal year: its final evaluation, judged at the end of that year.</summary>
public sealed record FinalEvaluationAt(FiscalYear LastYear) : Text(
    "final-evaluation",
    $"計画期間終了：{LastYear.Display}末時点の最終評価",
    $"Plan period ended: the final evaluation as of the end of {LastYear.Display}");
