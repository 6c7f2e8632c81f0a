using DxEvents.Testing;
using JasperFx.Events.Daemon;
using Marten;
using Marten.Events;

namespace DxEvents.EventStore.Tests.Support;

/// <summary>Marten's async daemon as the service runs it (the cross-tenant role), with short polling so tests stay quick.</summary>
internal sealed class Daemon : IAsyncDisposable
{
    /// <summary>How long a gap may stand before the daemon asks whether anyone can still fill it. Rich appends take their
    /// sequence numbers before they open their transaction, so an ordinary append that stalls longer than this between the
    /// two, as on a machine loaded far past its cores, shows no live transaction and its gap is skipped: 1 s made the
    /// skip-race tests fail now and then under such load (a load average of 10–20 on 2 cores); 3 s gives such a stall three
    /// times the room. (The service's commands on a stream open their transaction first, with the stream's lock, and the
    /// service's threshold is 10 s.)</summary>
    public static readonly TimeSpan StaleThreshold = TimeSpan.FromSeconds(3);
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private Daemon(DocumentStore store, IProjectionDaemon projections) => (Store, Projections) = (store, projections);

    public DocumentStore Store { get; }
    public IProjectionDaemon Projections { get; }

    public static void Fast(StoreOptions opts)
    {
        opts.Projections.StaleSequenceThreshold = StaleThreshold;
        opts.Projections.FastPollingTime = TimeSpan.FromMilliseconds(100);
        opts.Projections.SlowPollingTime = TimeSpan.FromMilliseconds(200);
    }

    public static async Task<Daemon> StartAsync(PostgresDatabase db, Action<StoreOptions>? configure = null)
    {
        var store = await db.OpenStoreAsync(daemonRole: true, opts =>
        {
            Fast(opts);
            configure?.Invoke(opts);
        });
        var projections = await store.BuildProjectionDaemonAsync();
        await projections.StartAllAsync();
        return new Daemon(store, projections);
    }

    /// <summary>Waits (bounded) until every projection has reached every sequence handed out so far.</summary>
    public Task CaughtUpAsync() => Store.WaitForNonStaleProjectionDataAsync(Patience);

    public async ValueTask DisposeAsync()
    {
        await Projections.StopAllAsync();
        Projections.Dispose();
        Store.Dispose();
    }
}
