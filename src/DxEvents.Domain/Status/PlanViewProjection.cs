using DxEvents.Domain.Kpis;
using DxEvents.Domain.Measures;
using DxEvents.Domain.Plans;

namespace DxEvents.Domain.Status;

/// <summary>The plan read model as a pure fold over the plan's envelopes (all its streams, in global order).</summary>
public static class PlanViewProjection
{
    public static PlanView? Build(IEnumerable<EventEnvelope> envelopes) => envelopes.Aggregate((PlanView?)null, Apply);

    public static PlanView Apply(PlanView? view, EventEnvelope envelope)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        if (view is null)
        {
            return envelope.Event is PlanAdopted adopted
                ? Adopt(adopted, envelope)
                : throw new InvalidOperationException($"A plan's history must open with PlanAdopted, not {envelope.Event.GetType().Name}.");
        }

        // Replays after a crash deliver events again: what the view has already seen changes nothing.
        if (envelope.Sequence <= view.LastSequence)
        {
            return view;
        }

        if (envelope.Event.PlanId != view.PlanId)
        {
            throw new InvalidOperationException($"Event {envelope.Sequence} belongs to plan '{envelope.Event.PlanId}', not '{view.PlanId}'.");
        }

        var by = new RecordedBy(envelope.Metadata.Actor, envelope.RecordedAt, envelope.Sequence);
        var next = envelope.Event switch
        {
            IKpiEvent e => view with { Kpis = KpiViewProjection.Apply(view.Kpis, e, by) },
            IMeasureEvent e => view with { Measures = MeasureViewProjection.Apply(view.Measures, e, by) },
            _ => ApplyPlanEvent(view, envelope.Event, by),
        };
        return next with { LastSequence = envelope.Sequence, LastRecordedAt = envelope.RecordedAt };
    }

    private static PlanView Adopt(PlanAdopted e, EventEnvelope envelope) => new(
        e.PlanId, e.Title, e.Municipality, e.Adopted, e.FromFiscalYear, e.ToFiscalYear, e.Vision, e.AmountUnit,
        e.Tolerances, [], [], [], [], [], envelope.Sequence, envelope.RecordedAt, e.Predecessor);

    private static PlanView ApplyPlanEvent(PlanView view, IDomainEvent domainEvent, RecordedBy by) => domainEvent switch
    {
        PillarAdded e => view with { Pillars = [.. view.Pillars, new PillarView(e.PillarId, e.Title, e.Order)] },
        ToleranceRevised e => view with
        {
            Tolerances = e.Tolerances,
            ToleranceRevisions = [.. view.ToleranceRevisions, new ToleranceRevisionView(e.Tolerances, e.Previous, e.Reason, by)],
        },
        PlanRevised e => view with
        {
            Title = e.Title,
            FromFiscalYear = e.FromFiscalYear,
            ToFiscalYear = e.ToFiscalYear,
            Vision = e.Vision,
            Revisions = [.. view.Revisions, new PlanRevisionView(e.Revised, e.Title, e.FromFiscalYear, e.ToFiscalYear, e.Vision, e.Reason, by)],
        },
        PlanAdopted => throw new InvalidOperationException($"Plan '{view.PlanId}' is already adopted."),
        _ => view,
    };

    /// <summary>Copies the list with the one matching item replaced; a missing item means a broken history.</summary>
    internal static IReadOnlyList<T> Replace<T>(IReadOnlyList<T> items, Func<T, bool> match, Func<T, T> update, string what)
    {
        var index = items.ToList().FindIndex(item => match(item));
        if (index < 0)
        {
            throw new InvalidOperationException($"{what} is not in the plan view.");
        }

        return [.. items.Take(index), update(items[index]), .. items.Skip(index + 1)];
    }
}
