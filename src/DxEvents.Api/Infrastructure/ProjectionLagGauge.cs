using System.Diagnostics.Metrics;
using DxEvents.Api.EventStore;
using JasperFx.Events.Projections;
using Marten;

namespace DxEvents.Api.Infrastructure;

/// <summary>How far one async projection is behind Marten's high-water mark.</summary>
public sealed record ProjectionLag(string Projection, long Sequence, long HighWaterMark)
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
                .Select(l => new Measurement<long>(l.Events, new KeyValuePair<string, object?>("projection", l.Projection))), "{event}");
    }

    public static async Task<IReadOnlyList<ProjectionLag>> ReadAsync(IDocumentStore store, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(store);
        var progress = await store.Advanced.AllProjectionProgress(token: ct);
        var highWater = progress.FirstOrDefault(p => p.ShardName == ShardState.HighWaterMark)?.Sequence ?? 0;
        return progress.Where(p => p.ShardName != ShardState.HighWaterMark)
            .Select(p => new ProjectionLag(p.ShardName, p.Sequence, highWater)).OrderBy(l => l.Projection, StringComparer.Ordinal).ToList();
    }

    public Task<IReadOnlyList<ProjectionLag>> ReadAsync(CancellationToken ct) => ReadAsync(_store, ct);

    public void Dispose() => _meter.Dispose();
}
