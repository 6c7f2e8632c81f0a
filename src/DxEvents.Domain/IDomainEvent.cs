namespace DxEvents.Domain;

/// <summary>Marker for every stored event. Every event names its plan so that a reader can place
/// it without knowing the stream it came from.</summary>
public interface IDomainEvent
{
    string PlanId { get; }
}

/// <summary>An event of a measure's stream.</summary>
public interface IMeasureEvent : IDomainEvent
{
    string MeasureId { get; }
}

/// <summary>An event of a KPI's stream; it names the measure too, so status needs no join.</summary>
public interface IKpiEvent : IDomainEvent
{
    string KpiId { get; }

    string MeasureId { get; }
}
