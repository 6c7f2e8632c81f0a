using System.Diagnostics.Metrics;
using DxEvents.Api.EventStore;
using JasperFx.Events.Projections;
using Marten;
using Marten.Storage;

namespace DxEvents.Api.Projections;

/// <summary>How far one async projection is behind Marten's high-water mark of its database (null: the only one).</summary>
public sealed record ProjectionLag(string Projection, long Sequence, long HighWaterMark, string? Database = null)
{
    public long Events => Math.Max(0, HighWaterMark - Sequence);
}

/// <summary>Lag of every async projection in events, read from Marten's own progress table, observed by OpenTelemetry.</summary>
public sealed class ProjectionLagGauge : IDisposable
{
    public const string MeterName = "DxEvents.Projections";
    private readonly Meter _meter = new(MeterName);
    private readonly IDocumentStore _store;

    public ProjectionLagGauge(IDocumentStore store)
    {
        _store = store;
        _meter.CreateObservableGauge("dxevents.projection.lag.events",
            () => ReadAsync(CancellationToken.None).GetAwaiter().GetResult()
                .Select(l => new Measurement<long>(l.Events, new KeyValuePair<string, object?>("projection", l.Projection),
                    new KeyValuePair<string, object?>("database", l.Database))), "{event}");
    }

    /// <summary>Every projection of every database: each database has its own sequence, high-water mark and daemon.</summary>
    public static async Task<IReadOnlyList<ProjectionLag>> ReadAsync(IDocumentStore store, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(store);
        var databases = await store.Storage.AllDatabases();
        var lags = new List<ProjectionLag>();
        foreach (var database in databases)
        {
            var progress = await database.AllProjectionProgress(ct);
            var highWater = progress.FirstOrDefault(p => p.ShardName == ShardState.HighWaterMark)?.Sequence ?? 0;
            lags.AddRange(progress.Where(p => p.ShardName != ShardState.HighWaterMark)
                .Select(p => new ProjectionLag(p.ShardName, p.Sequence, highWater, databases.Count > 1 ? Name(database) : null)));
        }
        return [.. lags.OrderBy(l => l.Database, StringComparer.Ordinal).ThenBy(l => l.Projection, StringComparer.Ordinal)];
    }

    /// <summary>The database's name in DXEVENTS_DATABASES ("main" for DXEVENTS_DB's).</summary>
#pragma warning disable CS0618 // Marten's identifier is the name the operator gave; its Id is server and database name.
    public static string Name(IMartenDatabase database) => database.Identifier;
#pragma warning restore CS0618

    public Task<IReadOnlyList<ProjectionLag>> ReadAsync(CancellationToken ct) => ReadAsync(_store, ct);

    public void Dispose() => _meter.Dispose();
}
