using DxEvents.Api.EventStore;
using DxEvents.Api.Projections;
using JasperFx.Events.Projections;
using Marten;

namespace DxEvents.EventStore.Tests;

/// <summary>
/// The two stores are configured by the one catalog: the daemon's runs the async projections, the request path's runs none
/// of them, and both declare the same tables, since the schema's owner applies the request path's layout for both.
/// </summary>
public sealed class ProjectionCatalogTests
{
    private const string Connection = "Host=localhost;Database=dxevents_layout;Username=dxevents";

    [Fact]
    public void Both_stores_declare_the_same_tables_for_every_document_a_projection_writes()
    {
        using var requests = Store(runsDaemon: false);
        using var daemon = Store(runsDaemon: true);

        var mine = Statements(requests);
        var daemons = Statements(daemon);

        Assert.Contains(daemons, s => s.StartsWith("CREATE TABLE IF NOT EXISTS dxevents.mt_doc_kpifigure (", StringComparison.Ordinal)
            && s.Contains("mt_version", StringComparison.Ordinal));
        Assert.Contains(daemons, s => s.StartsWith("CREATE TABLE IF NOT EXISTS dxevents.mt_doc_figurereviewsetting (", StringComparison.Ordinal));
        Assert.Equal(daemons, mine);
    }

    [Fact]
    public void Only_the_daemons_store_runs_async_projections_and_both_fold_the_same_live_and_inline_ones()
    {
        using var requests = Store(runsDaemon: false);
        using var daemon = Store(runsDaemon: true);

        Assert.Empty(Names(requests, ProjectionLifecycle.Async));
        Assert.Equal([ChainSealer.Name, KpiFiguresProjection.ProjectionName], Names(daemon, ProjectionLifecycle.Async));
        Assert.Equal(Names(daemon, ProjectionLifecycle.Inline), Names(requests, ProjectionLifecycle.Inline));
        Assert.Equal(4, Names(requests, ProjectionLifecycle.Inline).Count);
        Assert.Equal(4, Names(requests, ProjectionLifecycle.Live).Count);
        Assert.Equal(Names(daemon, ProjectionLifecycle.Live), Names(requests, ProjectionLifecycle.Live));
    }

    [Fact]
    public void Every_stored_projection_but_the_chain_reads_only_the_event_types_it_folds()
    {
        // Marten's daemon pages only through the event types a projection names: a projection that names none reads every
        // event of the history when it is rebuilt. The chain seals every event, so it alone names none.
        using var daemon = Store(runsDaemon: true);

        var stored = daemon.Options.Projections.All.Where(p => p.Lifecycle != ProjectionLifecycle.Live && p.Name != ChainSealer.Name).ToList();

        Assert.Equal(4 + 1, stored.Count);
        Assert.All(stored, p => Assert.True(p is EventFilterable { IncludedEventTypes.Count: > 0 }, $"{p.Name} names no event type"));
        var review = Assert.Single(stored.OfType<FigureReviewSettings>());
        Assert.Equal([typeof(DxEvents.Domain.Access.FigureReviewTurnedOff), typeof(DxEvents.Domain.Access.FigureReviewTurnedOn)],
            review.IncludedEventTypes.OrderBy(t => t.Name, StringComparer.Ordinal));
    }

    private static DocumentStore Store(bool runsDaemon) =>
        DocumentStore.For(opts => StoreSetup.Configure(opts, Connection, asyncProjections: runsDaemon));

    // The script lists tables in the order the store met its documents, which differs between the stores and means nothing.
    private static List<string> Statements(DocumentStore store) =>
        [.. store.Storage.Database.ToDatabaseScript().Split(";\n").Select(s => s.Trim()).Where(s => s.Length > 0).Order(StringComparer.Ordinal)];

    private static List<string> Names(DocumentStore store, ProjectionLifecycle lifecycle) =>
        [.. store.Options.Projections.All.Where(p => p.Lifecycle == lifecycle).Select(p => p.Name).Order(StringComparer.Ordinal)];
}
