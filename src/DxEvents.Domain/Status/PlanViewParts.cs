
namespace DxEvents.Domain.Status;

/// <summary>One measure's part of a plan view: folded from its own stream only.</summary>
public sealed record MeasurePart(string Id, string PlanId, long Defined, long LastSequence, DateTimeOffset LastRecordedAt, MeasureView View);

/// <summary>One KPI's part of a plan view: folded from its own stream only.</summary>
public sealed record KpiPart(string Id, string PlanId, long Defined, long LastSequence, DateTimeOffset LastRecordedAt, KpiView View);

/// <summary>The plan's own part: everything but its measures and KPIs, folded from the plan's stream only.</summary>
public sealed record PlanPart(string Id, PlanView View);

/// <summary>
/// The plan view as one part per stream, each folded from its own stream by the same code as
/// <see cref="PlanViewProjection"/>, and composed on read. A stream's part changes only with that stream's appends, which
/// the stream's version keeps one at a time; a view kept whole would be rewritten by appends to any stream of the plan,
/// and two of those at once would each write back a view without the other's event.
/// </summary>
public static class PlanViewParts
{
    public static PlanPart ApplyPlan(PlanPart? part, string id, EventEnvelope envelope)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        if (envelope.Event is IMeasureEvent or IKpiEvent)
            throw new InvalidOperationException($"Event {envelope.Sequence} belongs to a measure or KPI stream, not to the plan's.");
        return new PlanPart(id, PlanViewProjection.Apply(part?.View, envelope));
    }

    public static MeasurePart ApplyMeasure(MeasurePart? part, string id, EventEnvelope envelope)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        if (part is not null && envelope.Sequence <= part.LastSequence)
            return part;
        var e = envelope.Event as IMeasureEvent ?? throw new InvalidOperationException($"Event {envelope.Sequence} is not a measure's.");
        var view = MeasureViewProjection.Apply(part is null ? [] : [part.View], e, By(envelope)).Single();
        return new MeasurePart(id, e.PlanId, part?.Defined ?? envelope.Sequence, envelope.Sequence, envelope.RecordedAt, view);
    }

    public static KpiPart ApplyKpi(KpiPart? part, string id, EventEnvelope envelope)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        if (part is not null && envelope.Sequence <= part.LastSequence)
            return part;
        var e = envelope.Event as IKpiEvent ?? throw new InvalidOperationException($"Event {envelope.Sequence} is not a KPI's.");
        var view = KpiViewProjection.Apply(part is null ? [] : [part.View], e, By(envelope)).Single();
        return new KpiPart(id, e.PlanId, part?.Defined ?? envelope.Sequence, envelope.Sequence, envelope.RecordedAt, view);
    }

    /// <summary>The plan view the whole fold gives: measures and KPIs in the order they were defined, the last event of all.</summary>
    public static PlanView Compose(PlanPart plan, IEnumerable<MeasurePart> measures, IEnumerable<KpiPart> kpis)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var m = measures.OrderBy(p => p.Defined).ToList();
        var k = kpis.OrderBy(p => p.Defined).ToList();
        var last = m.Select(p => (p.LastSequence, p.LastRecordedAt)).Concat(k.Select(p => (p.LastSequence, p.LastRecordedAt)))
            .Append((plan.View.LastSequence, plan.View.LastRecordedAt)).MaxBy(x => x.Item1);
        return plan.View with
        {
            Measures = [.. m.Select(p => p.View)],
            Kpis = [.. k.Select(p => p.View)],
            LastSequence = last.Item1,
            LastRecordedAt = last.Item2,
        };
    }

    private static RecordedBy By(EventEnvelope envelope) => new(envelope.Metadata.Actor, envelope.RecordedAt, envelope.Sequence);
}
