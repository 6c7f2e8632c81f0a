using DxEvents.EventStore;
using DxEvents.Testing;

namespace DxEvents.EventStore.Tests;

internal static class Make
{
    public static EventToAppend Event(string type = "Happened", int n = 0, string actor = "tester") =>
        EventToAppend.Create(type, $$"""{"n":{{n}}}""", $$"""{"actor":"{{actor}}"}""");

    public static StreamAppend Stream(string id, ExpectedVersion expected, params EventToAppend[] events) =>
        new(id, "test", expected, events);

    public static string Tenant() => "t-" + Guid.NewGuid().ToString("N")[..10];
}

/// <summary>One shared database for tests that isolate themselves by a fresh tenant id.</summary>
public sealed class SharedDatabase : PostgresDatabase;
