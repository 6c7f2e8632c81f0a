using System.Diagnostics.Metrics;
using DxEvents.EventStore;

namespace DxEvents.Api.Infrastructure;

/// <summary>Projection lag in events and seconds, sampled by the daemon host and observed by OpenTelemetry.</summary>
public sealed class ProjectionLagGauge : IDisposable
{
    public const string MeterName = "DxEvents.Projections";
    private readonly Meter _meter = new(MeterName);
    private volatile IReadOnlyList<ProjectionLag> _last = [];

    public ProjectionLagGauge()
    {
        _meter.CreateObservableGauge("dxevents.projection.lag.events", () => _last.Select(l => new Measurement<long>(l.Events, new KeyValuePair<string, object?>("projection", l.Projection))), "{event}");
        _meter.CreateObservableGauge("dxevents.projection.lag.seconds", () => _last.Select(l => new Measurement<double>(l.Seconds, new KeyValuePair<string, object?>("projection", l.Projection))), "s");
    }

    public IReadOnlyList<ProjectionLag> Last => _last;
    public void Record(IReadOnlyList<ProjectionLag> lags) => _last = lags;
    public void Dispose() => _meter.Dispose();
}
