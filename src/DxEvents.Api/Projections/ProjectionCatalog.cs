using DxEvents.Domain;
using DxEvents.Domain.Status;
using JasperFx.Events;
using JasperFx.Events.Projections;
using Marten;
using JasperFx.Events.Aggregation;
using Marten.Events.Aggregation;

namespace DxEvents.Api.Projections;

/// <summary>
/// Every projection of DxEvents, registered here and nowhere else, on both stores (docs/projections.md):
/// live folds, which give Decide a stream's state and are never stored; inline parts, committed with their stream's events;
/// async projections, which only the daemon's store runs. A new projection is its file and one line below.
/// </summary>
public static class ProjectionCatalog
{
    /// <summary>The inline documents folded from one stream each: the plan view's parts, one kind of stream each (every status
    /// answer and page reads them), and the figure-review setting. The drift check compares each stored document with a fresh
    /// fold of its stream.</summary>
    public static readonly IReadOnlyList<IStreamPart> InlineParts =
    [
        new StreamPart<PlanPart>(StreamIds.PlanType, () => new InlinePlanView.PlanParts()),
        new StreamPart<MeasurePart>(StreamIds.MeasureType, () => new InlinePlanView.MeasureParts(), s => s.Index(x => x.PlanId)),
        new StreamPart<KpiPart>(StreamIds.KpiType, () => new InlinePlanView.KpiParts(), s => s.Index(x => x.PlanId)),
        // Not part of the plan view, but read by every figure's command: a row turned off in the database would let figures
        // skip the office's review unseen, so it is held to the municipality's access history like the parts.
        new StreamPart<FigureReviewSetting>(StreamIds.AccessType, () => new FigureReviewSettings(), documentId: FigureReviewSetting.Key),
    ];

    /// <param name="runsDaemon">Whether this store runs the async projections: the daemon's store does; the request path's
    /// store, whose role sees no events without a municipality, must not.</param>
    public static void Register(StoreOptions opts, bool runsDaemon)
    {
        ArgumentNullException.ThrowIfNull(opts);
        opts.Projections.Add(new Aggregates.KpiFold(), ProjectionLifecycle.Live);
        opts.Projections.Add(new Aggregates.MeasureFold(), ProjectionLifecycle.Live);
        opts.Projections.Add(new Aggregates.PlanFold(), ProjectionLifecycle.Live);
        opts.Projections.Add(new AccessStream.Fold(), ProjectionLifecycle.Live);

        foreach (var part in InlineParts)
            part.Register(opts);

        AsyncDocuments<KpiFigure>(opts, runsDaemon, new KpiFiguresProjection(), s => s.Index(x => x.PlanId));
        if (runsDaemon)
            opts.Projections.Add(new ChainSealer(), ProjectionLifecycle.Async, ChainSealer.Name, ChainSealer.Configure);
    }

    /// <summary>
    /// An async projection of documents: the daemon's store runs it. The request path's store reads its table but must never
    /// run it, and Marten lays out a table for a registered projection only (as live it lays out none), so here the table is
    /// declared as Marten lays out any projection's documents: numeric revisions. ProjectionCatalogTests holds the two
    /// stores' layouts equal, so a change in Marten's layout fails a test instead of a migration.
    /// </summary>
    private static void AsyncDocuments<TDoc>(StoreOptions opts, bool runsDaemon, IProjectionSource<IDocumentOperations, IQuerySession> projection,
        Action<MartenRegistry.DocumentMappingExpression<TDoc>> schema)
    {
        schema(opts.Schema.For<TDoc>());
        if (runsDaemon)
            opts.Projections.Add(projection, ProjectionLifecycle.Async);
        else
            opts.Schema.For<TDoc>().UseNumericRevisions(true).Metadata(m => m.Revision.Enabled = true);
    }
}

/// <summary>An inline projection whose document is the fold of one stream: keyed by the stream's id, or one document per
/// municipality under a fixed id.</summary>
public interface IStreamPart
{
    /// <summary>The kind of stream it folds (<see cref="StreamIds.TypeOf"/>).</summary>
    string StreamType { get; }

    string DocumentName { get; }

    /// <summary>The id of the document the stream folds to.</summary>
    string DocumentIdOf(string streamId);

    void Register(StoreOptions opts);

    /// <summary>The document as a fresh fold of <paramref name="events"/> (the stream <paramref name="id"/>'s) makes it, and as
    /// the table holds it.</summary>
    Task<(object? Folded, object? Stored)> FoldAndLoadAsync(IQuerySession session, string id, IReadOnlyList<IEvent> events, CancellationToken ct);
}

internal sealed class StreamPart<TDoc>(string streamType, Func<JasperFxAggregationProjectionBase<TDoc, string, IDocumentOperations, IQuerySession>> create,
    Action<MartenRegistry.DocumentMappingExpression<TDoc>>? schema = null, string? documentId = null) : IStreamPart where TDoc : class
{
    public string StreamType => streamType;

    public string DocumentName => typeof(TDoc).Name;

    public string DocumentIdOf(string streamId) => documentId ?? streamId;

    public void Register(StoreOptions opts)
    {
        schema?.Invoke(opts.Schema.For<TDoc>());
        opts.Projections.Add((IProjectionSource<IDocumentOperations, IQuerySession>)create(), ProjectionLifecycle.Inline);
    }

    public async Task<(object? Folded, object? Stored)> FoldAndLoadAsync(IQuerySession session, string id, IReadOnlyList<IEvent> events, CancellationToken ct)
    {
        var projection = create();
        var document = DocumentIdOf(id);
        TDoc? folded = null;
        foreach (var e in events)
            folded = projection.Evolve(folded, document, e);
        return (folded, await session.LoadAsync<TDoc>(document, ct));
    }
}
