using DxEvents.Domain.Fiscal;
using DxEvents.Domain.Texts;

namespace DxEvents.Domain.Kpis;

// Why KpiDecider refuses a command, in both languages.

public sealed record KpiNotFound : Text
{
    public override string Code => "kpi-not-found";
    public override string Ja => "この計画にその数値目標（KPI）はありません。";
    public override string En => "No such KPI in this plan.";
}

/// <summary>One figure per quarter: a different one is a correction, with a reason, at <paramref name="CorrectionPath"/>.</summary>
public sealed record FigureAlreadyRecorded(FiscalQuarter Quarter, decimal Existing, string CorrectionPath) : Text
{
    public override string Code => "figure-already-recorded";
    public override string Ja => $"{Quarter.Display}の実績値は既に {Say.Grouped(Existing)} が記録されています。変更するには、理由を添えて訂正を {CorrectionPath} に POST してください。";
    public override string En => $"{Quarter.Display} already has the figure {Say.Number(Existing)}. To change it, POST a correction with a reason to {CorrectionPath}.";
}

public sealed record NoFigureToCorrect(FiscalQuarter Quarter) : Text
{
    public override string Code => "no-figure-to-correct";
    public override string Ja => $"{Quarter.Display}には訂正する実績値がありません。先に実績値を記録してください。";
    public override string En => $"{Quarter.Display} has no figure to correct; record it first.";
}

public sealed record CorrectionChangesNothing(FiscalQuarter Quarter, decimal Current) : Text
{
    public override string Code => "correction-changes-nothing";
    public override string Ja => $"{Quarter.Display}の実績値は既に {Say.Grouped(Current)} です。訂正する内容がありません。";
    public override string En => $"{Quarter.Display} is already {Say.Number(Current)}; nothing to correct.";
}

public sealed record FigureOutOfRange(decimal Value) : Text
{
    public override string Code => "figure-out-of-range";
    public override string Ja => $"{Say.Number(Value)} は実績値として扱えません（絶対値で {Say.Grouped(KpiDecider.MaxFigure)} まで）。";
    public override string En => $"{Say.Number(Value)} is beyond any KPI figure (at most {Say.Grouped(KpiDecider.MaxFigure)} in size).";
}

public sealed record QuarterNotStarted(FiscalQuarter Quarter) : Text
{
    public override string Code => "quarter-not-started";
    public override string Ja => $"{Quarter.Display}は{Say.DateJa(Quarter.Start)}に始まる四半期のため、まだ実績値を記録できません。";
    public override string En => $"{Quarter.Display} starts on {Say.Date(Quarter.Start)}; it has no figure yet.";
}

public sealed record MilestoneFigure : Text
{
    public override string Code => "milestone-figure";
    public override string Ja => "達成型の指標の実績値は 1（達成）か 0（未達成）です。";
    public override string En => "A milestone figure is 1 (done) or 0 (not done).";
}

public sealed record TargetWindowAfterYear(int From, int Year) : Text
{
    public override string Code => "target-window-after-year";
    public override string Ja => $"集計期間の始まり（{new FiscalYear(From).Display}）を目標年度（{new FiscalYear(Year).Display}）より後にはできません。";
    public override string En => $"The window cannot start ({Say.Number(From)}) after the target year ({Say.Number(Year)}).";
}

public sealed record MilestoneTargetHasNoValue : Text
{
    public override string Code => "milestone-target-has-no-value";
    public override string Ja => "達成型の指標の目標に値は指定しません。達成（1）したかどうかで判定します。";
    public override string En => "A milestone's target has no value: it is done (1) or not.";
}

public sealed record TargetValueRequired : Text
{
    public override string Code => "target-value-required";
    public override string Ja => "目標値を指定してください。";
    public override string En => "A target value is required.";
}

public sealed record MilestoneHasNoBaseline : Text
{
    public override string Code => "milestone-has-no-baseline";
    public override string Ja => "達成型の指標に現状値はありません。未達成（0）から始まります。";
    public override string En => "A milestone has no baseline: it starts not done (0).";
}
