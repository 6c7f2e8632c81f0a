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

    private static DocumentStore Store(bool runsDaemon) =>
        DocumentStore.For(opts => StoreSetup.Configure(opts, Connection, asyncProjections: runsDaemon));

    // The script lists tables in the order the store met its documents, which differs between the stores and means nothing.
    private static List<string> Statements(DocumentStore store) =>
        [.. store.Storage.Database.ToDatabaseScript().Split(";\n").Select(s => s.Trim()).Where(s => s.Length > 0).Order(StringComparer.Ordinal)];

    private static List<string> Names(DocumentStore store, ProjectionLifecycle lifecycle) =>
        [.. store.Options.Projections.All.Where(p => p.Lifecycle == lifecycle).Select(p => p.Name).Order(StringComparer.Ordinal)];
}
