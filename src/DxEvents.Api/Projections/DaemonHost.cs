using DxEvents.Api.Infrastructure;
using DxEvents.EventStore;

namespace DxEvents.Api.Projections;

/// <summary>Runs the store's projection daemon in the service (one leader per database) and samples its lag for telemetry.</summary>
public sealed class DaemonHost(ProjectionDaemon daemon, ProjectionLagGauge gauge, ILogger<DaemonHost> logger) : BackgroundService
{
    public static IReadOnlyList<IAsyncProjection> All() => [new KpiFigures()];

    protected override async Task ExecuteAsync(CancellationToken ct)
    {
        var running = daemon.RunAsync(ct);
        try
        {
            while (!ct.IsCancellationRequested)
            {
                await Task.Delay(TimeSpan.FromSeconds(5), ct);
                var lags = new List<ProjectionLag>();
                foreach (var projection in daemon.Projections)
                    lags.Add(await daemon.GetLagAsync(projection, ct));
                gauge.Record(lags);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
        catch (Npgsql.NpgsqlException e)
        {
            logger.LogWarning(e, "Sampling projection lag failed");
        }
        await running;
    }
}
