using DxEvents.Domain.Fiscal;
using DxEvents.Domain.Texts;

namespace DxEvents.Domain.Status;

// Why a measure or a KPI has no progress status (or the status it has without arithmetic), in both languages: the
// `reason` of the JSON status and the note the pages print.

public sealed record MeasureNotStartedBy(DateOnly ReportingDate) : Text
{
    public override string Code => "measure-not-started";
    public override string Ja => $"{Say.DateJa(ReportingDate)}の時点で施策が始まっていません。";
    public override string En => $"The measure had not started by {Say.Date(ReportingDate)}.";
}

/// <summary>A KPI of a measure not started by the reporting date is not judged.</summary>
public sealed record KpiOfMeasureNotStarted(DateOnly ReportingDate) : Text
{
    public override string Code => "kpi-measure-not-started";
    public override string Ja => $"{Say.DateJa(ReportingDate)}の時点で施策が始まっていないため、判定していません。";
    public override string En => $"The measure had not started by {Say.Date(ReportingDate)}.";
}

/// <summary>…and yet it has figures for quarters closed by then: they are shown, with this note, and still not judged.
/// <paramref name="Value"/> is the <paramref name="Latest"/> quarter's own figure.</summary>
public sealed record FiguresWhileMeasureNotStarted(DateOnly ReportingDate, FiscalQuarter Latest, decimal Value, string? Unit) : Text
{
    public override string Code => "figures-while-measure-not-started";
    public override string Ja =>
        $"{Say.DateJa(ReportingDate)}の時点で施策が始まっていないため、判定していません。ただし実績値は記録されています（最新 {Latest.Display}：{Say.Grouped(Value)}{Unit}）。";
    public override string En =>
        $"The measure had not started by {Say.Date(ReportingDate)}, so the KPI is not judged; it has figures all the same (latest {Latest.Display}: {Say.Number(Value)}{Unit}).";
}

public sealed record MeasureCancelledBy(DateOnly ReportingDate) : Text
{
    public override string Code => "measure-cancelled";
    public override string Ja => $"施策は{Say.DateJa(ReportingDate)}までに中止されました。";
    public override string En => $"The measure was cancelled by {Say.Date(ReportingDate)}.";
}

public sealed record NothingToJudgeBy : Text
{
    public override string Code => "nothing-to-judge-by";
    public override string Ja => "指標も工程もないため、判定できません。";
    public override string En => "The measure has no KPI and no schedule item to judge it by.";
}

public sealed record NoClosedQuarterFigure(DateOnly ReportingDate) : Text
{
    public override string Code => "no-figure";
    public override string Ja => $"{Say.DateJa(ReportingDate)}までに締まった四半期の実績値がありません。";
    public override string En => $"No figure for any quarter closed by {Say.Date(ReportingDate)}.";
}

public sealed record LatestFigureTooOld(FiscalQuarter Latest, FiscalQuarter Previous, FiscalQuarter LastClosed) : Text
{
    public override string Code => "latest-figure-too-old";
    public override string Ja => $"最新の実績値は{Latest.Display}のもので、直近2四半期（{Previous.Display}・{LastClosed.Display}）の値がありません。";
    public override string En => $"The latest figure is for {Latest.Display}; none for {Previous.Display} or {LastClosed.Display}.";
}

public sealed record NoRecentFigureInWindow(FiscalQuarter Previous, FiscalQuarter LastClosed, string Window) : Text
{
    public override string Code => "no-recent-figure-in-window";
    public override string Ja => $"目標期間（{Window}）の直近2四半期（{Previous.Display}・{LastClosed.Display}）の実績値がありません。";
    public override string En => $"No figure for {Previous.Display} or {LastClosed.Display} in the window {Window}.";
}

public sealed record NothingToAverage(string Window) : Text
{
    public override string Code => "nothing-to-average";
    public override string Ja => $"目標期間（{Window}）には、まだ平均する実績値がありません。";
    public override string En => $"No figure yet in the window {Window} to average.";
}
