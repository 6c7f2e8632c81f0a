using DxEvents.Domain.Fiscal;
using DxEvents.Domain.Kpis;
using DxEvents.Domain.Measures;
using DxEvents.Domain.Plans;
using DxEvents.Domain.Status;

namespace DxEvents.Domain.Reports;

/// <summary>One event as a line of the changes page. Before is read from the plan view just before the event
/// (or from the event itself where it names the previous value); After from the event.</summary>
internal static class ChangeDescriptions
{
    private sealed record Described(string Subject, string? Before, string? After, decimal? ValueBefore = null, decimal? ValueAfter = null);

    public static Change Describe(EventEnvelope envelope, PlanView? before, PlanView after)
    {
        var d = envelope.Event switch
        {
            IKpiEvent e => Kpi(e, before, Find(after.Kpis, k => k.KpiId == e.KpiId)),
            IMeasureEvent e => Measure(e, before?.Measures.FirstOrDefault(m => m.MeasureId == e.MeasureId),
                Find(after.Measures, m => m.MeasureId == e.MeasureId)),
            var e => Plan(e, before),
        };
        var reason = envelope.Metadata.Reason;
        var what = Labels.Change(envelope.Event);
        var summary = $"{what}　{d.Subject}：{d.Before ?? "なし"} → {d.After ?? "なし"}"
            + (reason is { Length: > 0 } ? $"（理由：{reason}）" : "") + $"［{envelope.Metadata.Actor}］";
        return new Change(envelope.Sequence, envelope.RecordedAt, envelope.Metadata.Actor, reason, envelope.Metadata.CorrelationId,
            envelope.Event.GetType().Name, envelope.StreamId, (envelope.Event as IKpiEvent)?.KpiId, what, d.Subject,
            d.Before, d.After, d.ValueBefore, d.ValueAfter, summary);
    }

    private static Described Kpi(IKpiEvent domainEvent, PlanView? before, KpiView kpi)
    {
        var name = $"{kpi.KpiId} {kpi.Name}";
        var unit = kpi.Unit;
        string Quarter(int year, int quarter) => $"{name} {new FiscalQuarter(year, quarter).Display}";
        string Figure(decimal v) => $"{Labels.Number(v, true)}{unit}";
        return domainEvent switch
        {
            KpiDefined e => new(name, null, $"目標 {Labels.Target(e.Target, unit)}、現状値 {Labels.Baseline(e.Baseline, unit)}",
                null, e.Target.Value),
            KpiMeasured e => Recorded(before, e) is { } earlier
                ? new(Quarter(e.FiscalYear, e.Quarter), Figure(earlier), Figure(e.Value), earlier, e.Value)
                : new(Quarter(e.FiscalYear, e.Quarter), null, Figure(e.Value), null, e.Value),
            KpiMeasurementCorrected e => new(Quarter(e.FiscalYear, e.Quarter), Figure(e.PreviousValue), Figure(e.Value),
                e.PreviousValue, e.Value),
            KpiFigureSubmittedForReview e => new(Quarter(e.FiscalYear, e.Quarter), null, $"{Figure(e.Value)}（確認待ち）", null, e.Value),
            KpiFigureConfirmed e => new(Quarter(e.FiscalYear, e.Quarter), "確認待ち", $"{Figure(e.Value)}（確認済み）", null, e.Value),
            KpiFigureReturned e => new(Quarter(e.FiscalYear, e.Quarter), "確認待ち", $"{Figure(e.Value)}（差し戻し：{e.Reason}）", null, e.Value),
            KpiTargetRevised e => new(name, Labels.Target(e.Previous, unit), Labels.Target(e.Target, unit),
                e.Previous.Value, e.Target.Value),
            KpiBaselineRevised e => new(name, e.Previous is null ? null : Labels.Baseline(e.Previous, unit),
                Labels.Baseline(e.Baseline, unit), e.Previous?.Value, e.Baseline.Value),
            _ => new(name, null, null),
        };
    }

    private static decimal? Recorded(PlanView? before, KpiMeasured e) =>
        before?.Kpis.FirstOrDefault(k => k.KpiId == e.KpiId)?.Figures
            .FirstOrDefault(f => f.FiscalYear == e.FiscalYear && f.Quarter == e.Quarter)?.Value;

    private static Described Measure(IMeasureEvent domainEvent, MeasureView? before, MeasureView measure)
    {
        var name = $"{measure.MeasureId} {measure.Title}";
        var state = before is null ? null : Labels.Lifecycle(before.Lifecycle);
        Described Lifecycle(MeasureLifecycle to, DateOnly on) => new(name, state, $"{Labels.Lifecycle(to)}（{Labels.Date(on)}）");
        return domainEvent switch
        {
            MeasureRegistered e => new(name, null, e.Title),
            MeasureStarted e => Lifecycle(MeasureLifecycle.Started, e.On),
            MeasureSuspended e => Lifecycle(MeasureLifecycle.Suspended, e.On),
            MeasureResumed e => Lifecycle(MeasureLifecycle.Started, e.On),
            MeasureCompleted e => Lifecycle(MeasureLifecycle.Completed, e.On),
            MeasureCancelled e => Lifecycle(MeasureLifecycle.Cancelled, e.On),
            ScheduleItemPlanned e => new($"{name}／{e.ItemId} {e.Title}", null,
                e.ToFiscalYear is { } to ? Labels.Span(e.FromFiscalYear, to) : $"{new FiscalYear(e.FromFiscalYear).Display}〜"),
            ScheduleItemCompleted e => new($"{name}／{e.ItemId} {Item(measure, e.ItemId)}", "未完了", $"完了（{Labels.Date(e.On)}）"),
            BudgetPlanned e => new($"{name}／{new FiscalYear(e.FiscalYear).Display}", null,
                e.Figures is { } f ? Labels.Budget(f) : $"未定（{e.Note}）", null, e.Figures?.Total),
            BudgetRevised e => new($"{name}／{new FiscalYear(e.FiscalYear).Display}",
                e.Previous is { } p ? Labels.Budget(p) : "未定", Labels.Budget(e.Figures), e.Previous?.Total, e.Figures.Total),
            _ => new(name, null, null),
        };
    }

    private static string Item(MeasureView measure, string itemId) => measure.Schedule.FirstOrDefault(i => i.ItemId == itemId)?.Title ?? "";

    private static Described Plan(IDomainEvent domainEvent, PlanView? before) => domainEvent switch
    {
        PlanAdopted e => new(e.Title, null, $"{e.Title}（{Labels.Span(e.FromFiscalYear, e.ToFiscalYear)}）"),
        PlanRevised e => new(e.Title,
            before is null ? null : $"{before.Title}（{Labels.Span(before.FromFiscalYear, before.ToFiscalYear)}）",
            $"{e.Title}（{Labels.Span(e.FromFiscalYear, e.ToFiscalYear)}）"),
        PillarAdded e => new($"{e.PillarId} {e.Title}", null, e.Title),
        ToleranceRevised e => new("進捗の判定基準", Labels.Tolerances(e.Previous), Labels.Tolerances(e.Tolerances)),
        _ => new(domainEvent.PlanId, null, null),
    };

    private static T Find<T>(IReadOnlyList<T> items, Func<T, bool> match) =>
        items.FirstOrDefault(match) ?? throw new InvalidOperationException("A change names something its plan view does not hold.");
}
