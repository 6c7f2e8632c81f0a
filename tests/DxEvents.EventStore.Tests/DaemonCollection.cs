namespace DxEvents.EventStore.Tests;

/// <summary>
/// Tests that run the async daemon or hold transactions open, one at a time: Marten's gap evidence includes every
/// open write transaction on the cluster, so a transaction one test holds on purpose would slow another's daemon.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class DaemonCollection
{
    public const string Name = "daemon";
}
