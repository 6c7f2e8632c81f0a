using DxEvents.Domain.Fiscal;
using DxEvents.Domain.Status;

namespace DxEvents.Domain.Reports;

/// <summary>
/// Every change to a plan recorded in (since, until], grouped by measure, with before → after, and the status of each
/// measure and KPI at since and at until. Pure: the envelopes are the plan's whole history in sequence order (at least
/// up to until). A measure appears when it has a change in the window or its status or a KPI's status moved — time
/// alone can move a status, and the headquarters needs to see that too.
/// </summary>
public static class PlanChanges
{
    public static PlanChangeReport? Build(IEnumerable<EventEnvelope> envelopes, DateTimeOffset since, DateTimeOffset until)
    {
        ArgumentNullException.ThrowIfNull(envelopes);
        if (until <= since)
            throw new ArgumentException("until must be after since.", nameof(until));
        var known = envelopes.Where(e => e.RecordedAt <= until).OrderBy(e => e.Sequence).ToList();
        var atSince = PlanViewProjection.Build(known.Where(e => e.RecordedAt <= since));

        // One pass in sequence order: each change is described against the view just before it.
        PlanView? running = null;
        var changes = new List<(IDomainEvent Event, Change Change)>();
        foreach (var envelope in known)
        {
            var next = PlanViewProjection.Apply(running, envelope);
            if (envelope.RecordedAt > since)
                changes.Add((envelope.Event, ChangeDescriptions.Describe(envelope, running, next)));
            running = next;
        }
        if (running is not { } atUntil)
            return null;

        var (sinceDate, untilDate) = (JapanDate.Of(since), JapanDate.Of(until));
        var before = atSince is null ? null : StatusRule.Evaluate(atSince, sinceDate, atSince.Tolerances);
        var after = StatusRule.Evaluate(atUntil, untilDate, atUntil.Tolerances);
        var groups = new List<ChangeGroup>();
        var planChanges = changes.Where(c => MeasureOf(c.Event) is null).Select(c => c.Change).ToList();
        if (planChanges.Count > 0)
            groups.Add(new ChangeGroup(null, atUntil.Title, null, null, null, [], planChanges));
        foreach (var measure in atUntil.Measures)
        {
            var own = changes.Where(c => MeasureOf(c.Event) == measure.MeasureId).Select(c => c.Change).ToList();
            var statuses = Statuses(measure.MeasureId, before, after);
            if (own.Count == 0 && !statuses.Any(s => s.Changed))
                continue;
            var pillar = atUntil.Pillars.FirstOrDefault(p => p.PillarId == measure.PillarId);
            groups.Add(new ChangeGroup(measure.MeasureId, measure.Title, measure.PillarId, pillar?.Title, measure.Department, statuses, own));
        }

        return new PlanChangeReport(atUntil.PlanId, atUntil.Title, atUntil.Municipality, since, until, sinceDate, untilDate, changes.Count,
            before?.Measures, after.Measures, before?.Kpis, after.Kpis, atSince?.Tolerances, atUntil.Tolerances, groups);
    }

    private static string? MeasureOf(IDomainEvent domainEvent) => domainEvent switch
    {
        IKpiEvent k => k.MeasureId,
        IMeasureEvent m => m.MeasureId,
        _ => null,
    };

    private static List<StatusChange> Statuses(string measureId, PlanStatusReport? before, PlanStatusReport after)
    {
        if (MeasureIn(after, measureId) is not { } now)
            return [];
        var then = before is null ? null : MeasureIn(before, measureId);
        var lines = new List<StatusChange>
        {
            new("measure", now.MeasureId, now.Title, then?.Status, now.Status, null, null, null, null, then?.Status != now.Status),
        };
        foreach (var kpi in now.Kpis)
        {
            var was = then?.Kpis.FirstOrDefault(k => k.KpiId == kpi.KpiId);
            lines.Add(new("kpi", kpi.KpiId, kpi.Name, was?.Status, kpi.Status, was?.Value, kpi.Value, was?.Progress, kpi.Progress,
                was?.Status != kpi.Status));
        }
        return lines;
    }

    private static MeasureStatus? MeasureIn(PlanStatusReport report, string measureId) =>
        report.Pillars.SelectMany(p => p.MeasureStatuses).FirstOrDefault(m => m.MeasureId == measureId);
}
