using DxEvents.Domain.Status;

namespace DxEvents.Domain.Tests.Status;

/// <summary>Wraps events into envelopes as the store would: consecutive sequences, one minute apart.</summary>
internal static class History
{
    public static readonly DateTimeOffset Start = new(2023, 4, 1, 9, 0, 0, TimeSpan.FromHours(9));

    public static List<EventEnvelope> Envelopes(IEnumerable<IDomainEvent> events, string actor = "office") =>
        events.Select((e, i) => Envelope(e, i + 1, actor)).ToList();

    public static EventEnvelope Envelope(IDomainEvent e, long sequence, string actor = "office") =>
        new(sequence, StreamIds.For(e).StreamId, sequence, e, new EventMetadata(actor, null, null, null, null), Start.AddMinutes(sequence));

    public static PlanView View(IEnumerable<IDomainEvent> events) => PlanViewProjection.Build(Envelopes(events))!;
}
