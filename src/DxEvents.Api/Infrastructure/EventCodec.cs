using System.Text.Json;
using DxEvents.Domain;
using DxEvents.EventStore;

namespace DxEvents.Api.Infrastructure;

/// <summary>Between the store's JSON rows and the domain's typed events.</summary>
public static class EventCodec
{
    public static EventToAppend Encode(IDomainEvent domainEvent, EventMetadata metadata)
    {
        var (type, json) = EventCatalog.Serialize(domainEvent);
        return EventToAppend.Create(type, json, JsonSerializer.Serialize(metadata, EventCatalog.JsonOptions));
    }

    public static EventMetadata Metadata(StoredEvent stored) =>
        JsonSerializer.Deserialize<EventMetadata>(stored.Metadata, EventCatalog.JsonOptions)
        ?? throw new JsonException($"Event {stored.Sequence} has no metadata.");

    public static EventEnvelope Decode(StoredEvent stored) => new(
        stored.Sequence, stored.StreamId, stored.Version,
        EventCatalog.Deserialize(stored.EventType, stored.Data), Metadata(stored), stored.RecordedAt);
}
