using System.Collections.Frozen;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using System.Text.Unicode;
using DxEvents.Domain.Kpis;
using DxEvents.Domain.Measures;
using DxEvents.Domain.Plans;

namespace DxEvents.Domain;

/// <summary>The stored name of an event is its record name. The list is explicit, not reflected, so that
/// renaming a record cannot silently change what is written to the store.</summary>
public static class EventCatalog
{
    private static readonly Type[] Types =
    [
        typeof(PlanAdopted), typeof(PlanRevised), typeof(PillarAdded), typeof(ToleranceRevised),
        typeof(MeasureRegistered), typeof(MeasureStarted), typeof(MeasureSuspended), typeof(MeasureResumed),
        typeof(MeasureCompleted), typeof(MeasureCancelled), typeof(ScheduleItemPlanned), typeof(ScheduleItemCompleted),
        typeof(BudgetPlanned), typeof(BudgetRevised),
        typeof(KpiDefined), typeof(KpiTargetRevised), typeof(KpiBaselineRevised), typeof(KpiMeasured),
        typeof(KpiMeasurementCorrected), typeof(KpiFigureSubmittedForReview), typeof(KpiFigureConfirmed), typeof(KpiFigureReturned),
        typeof(Access.AccessGranted), typeof(Access.AccessRevoked), typeof(Access.ApiKeyCreated), typeof(Access.ApiKeyRevoked),
        typeof(Access.ResidentsPageOpened), typeof(Access.ResidentsPageClosed),
        typeof(Access.FigureReviewTurnedOn), typeof(Access.FigureReviewTurnedOff),
        typeof(Deadlines.FiguresDeadlineSet), typeof(Deadlines.ReminderSent), typeof(Deadlines.ReminderFailed),
    ];

    private static readonly FrozenDictionary<string, Type> ByName = Types.ToFrozenDictionary(t => t.Name, StringComparer.Ordinal);

    /// <summary>camelCase, compact, enums as camelCase strings, DateOnly as yyyy-MM-dd, decimals as numbers,
    /// Japanese kept readable. Shared by events and read models so JSONB holds one dialect.</summary>
    public static JsonSerializerOptions JsonOptions { get; } = CreateOptions();

    public static IReadOnlyCollection<Type> EventTypes => Types;

    public static IReadOnlyCollection<string> EventTypeNames => ByName.Keys;

    public static string TypeNameOf(IDomainEvent domainEvent)
    {
        ArgumentNullException.ThrowIfNull(domainEvent);
        var name = domainEvent.GetType().Name;
        return ByName.ContainsKey(name) ? name : throw new UnknownEventTypeException(name);
    }

    public static Type TypeOf(string typeName) =>
        ByName.TryGetValue(typeName, out var type) ? type : throw new UnknownEventTypeException(typeName);

    public static (string Type, string Json) Serialize(IDomainEvent domainEvent)
    {
        var type = TypeNameOf(domainEvent);
        return (type, JsonSerializer.Serialize(domainEvent, domainEvent.GetType(), JsonOptions));
    }

    public static IDomainEvent Deserialize(string type, string json) =>
        JsonSerializer.Deserialize(json, TypeOf(type), JsonOptions) as IDomainEvent
        ?? throw new JsonException($"Event of type '{type}' deserialized to null.");

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            WriteIndented = false,
            Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
            NumberHandling = JsonNumberHandling.Strict,
            TypeInfoResolver = new DefaultJsonTypeInfoResolver(),
        };
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
        options.MakeReadOnly();
        return options;
    }
}

public sealed class UnknownEventTypeException(string typeName)
    : Exception($"Unknown event type '{typeName}': it is not in {nameof(EventCatalog)}.")
{
    public string TypeName { get; } = typeName;
}
