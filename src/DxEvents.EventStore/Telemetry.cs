using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace DxEvents.EventStore;

public static class StoreTelemetry
{
    public const string Name = "DxEvents.EventStore";
    public static readonly ActivitySource Source = new(Name);
    public static readonly Meter Meter = new(Name);

    internal static readonly Counter<long> EventsAppended =
        Meter.CreateCounter<long>("dxevents.events.appended", "{event}", "Events committed by appends");
    internal static readonly Counter<long> AppendConflicts =
        Meter.CreateCounter<long>("dxevents.append.conflicts", "{append}", "Appends refused for a stale expected version");
    internal static readonly Counter<long> EventsProjected =
        Meter.CreateCounter<long>("dxevents.projection.events", "{event}", "Events applied by the async projection daemon");
}
