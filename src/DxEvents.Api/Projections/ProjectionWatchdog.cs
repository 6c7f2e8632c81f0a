using System.Diagnostics.Metrics;
using DxEvents.Api.EventStore;
using JasperFx.Events.Projections;
using Marten;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Wolverine.Runtime;
using Wolverine.Runtime.Agents;

namespace DxEvents.Api.Projections;

/// <summary>
/// Restarts an async projection shard of this node that stopped advancing while events wait above it, and says so in the
/// log, in /health/ready (degraded until it advances again) and in the counter <c>dxevents.projection.restarts</c>.
/// </summary>
/// <remarks>
/// Hand-written because neither library covers a single node: when the database goes away mid-batch, Marten's daemon
/// pauses the shard on the transient failure and never resumes it, and Wolverine (6.64.2) restarts such a shard only from
/// its Balanced-mode health sweep — its Solo-mode loop starts absent agents and skips paused ones, and the agent's own
/// stall check (60 s, three times) is called by nothing. Marten.AspNetCore's daemon health check only reports lag. The
/// restart goes through Wolverine's agent runtime, so a shard restarts from its committed progress, once.
/// </remarks>
public sealed class ProjectionWatchdog(IDaemonStore store, IWolverineRuntime runtime, ILogger<ProjectionWatchdog> logger, IConfiguration configuration)
    : BackgroundService, IHealthCheck
{
    // Wall-clock time, not the application's TimeProvider: that one is the business date (fixed in tests).
    private readonly TimeProvider clock = TimeProvider.System;

    public const string StallSecondsSetting = "DXEVENTS_PROJECTION_STALL_SECONDS";
    public static readonly Meter Meter = new("DxEvents.Daemon");
    private static readonly Counter<long> Restarts = Meter.CreateCounter<long>("dxevents.projection.restarts", "{restart}",
        "Async projection shards restarted after they stopped advancing below the high-water mark");

    private readonly Dictionary<Uri, (long Sequence, DateTimeOffset Since)> _seen = [];
    private readonly Dictionary<Uri, string> _stalled = [];
    private readonly Lock _lock = new();

    /// <summary>How long a shard may stay below the high-water mark without advancing (DXEVENTS_PROJECTION_STALL_SECONDS, 10 s).</summary>
    public TimeSpan StallAfter { get; } = TimeSpan.FromSeconds(double.TryParse(configuration[StallSecondsSetting],
        System.Globalization.CultureInfo.InvariantCulture, out var s) && s > 0 ? s : 10);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var every = TimeSpan.FromSeconds(Math.Clamp(StallAfter.TotalSeconds / 4, 0.5, 2));
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(every, clock, stoppingToken);
                await CheckAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            // The database being away is /health/ready's database check's to report; the next round looks again.
            catch (Exception e)
            {
                logger.Log(e is Npgsql.NpgsqlException || e.InnerException is Npgsql.NpgsqlException ? LogLevel.Debug : LogLevel.Warning, e,
                    "Could not check the projections' progress");
            }
        }
    }

    /// <summary>One look at every shard this node runs; restarts those stalled for <see cref="StallAfter"/>.</summary>
    public async Task CheckAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        foreach (var database in await store.Storage.AllDatabases())
        {
            var progress = await database.AllProjectionProgress(ct);
            var highWater = progress.FirstOrDefault(p => p.ShardName == ShardState.HighWaterMark)?.Sequence ?? 0;
            var databaseName = database.Describe().DatabaseName;
            // This node's agents for this database, by the shard path that ends their address.
            var agents = runtime.Agents.AllRunningAgentUris()
                .Where(u => string.Equals(EventSubscriptionAgentFamily.DatabaseIdOf(u)?.Name, databaseName, StringComparison.OrdinalIgnoreCase))
                .ToList();
            foreach (var shard in progress.Where(p => p.ShardName != ShardState.HighWaterMark))
            {
                if (!ShardName.TryParse(shard.ShardName, out var name) || name is null)
                    continue;
                var uri = agents.FirstOrDefault(u => u.AbsolutePath.EndsWith("/" + name.RelativeUrl, StringComparison.OrdinalIgnoreCase));
                if (uri is null || !runtime.Agents.TryFindActiveAgent<IEventSubscriptionAgent>(uri, out var agent))
                    continue;
                if (Advanced(uri, shard.Sequence, highWater, now) || now - _seen[uri].Since < StallAfter)
                    continue;
                await RestartAsync(uri, agent, shard.Sequence, highWater, ct);
                _seen[uri] = (shard.Sequence, clock.GetUtcNow());
            }
        }
    }

    /// <summary>Whether the shard moved (or has nothing to do) since last seen; clears its stall once it moves.</summary>
    private bool Advanced(Uri uri, long sequence, long highWater, DateTimeOffset now)
    {
        if (_seen.TryGetValue(uri, out var seen) && seen.Sequence == sequence && sequence < highWater)
            return false;
        _seen[uri] = (sequence, now);
        lock (_lock)
        {
            if (_stalled.Remove(uri, out var was))
                logger.LogInformation("Projection {Shard} advances again ({Sequence} of {HighWater}) after: {Stall}", uri, sequence, highWater, was);
        }
        return true;
    }

    private async Task RestartAsync(Uri uri, IEventSubscriptionAgent agent, long sequence, long highWater, CancellationToken ct)
    {
        var stall = $"stalled at {sequence} below the high-water mark {highWater} for {StallAfter.TotalSeconds:F0} s, agent {agent.Status}"
            + (agent.Failure is { } failure ? $" after {failure.Category}: {failure.Message}" : ", no failure reported");
        lock (_lock)
            _stalled[uri] = stall;
        logger.LogWarning("Projection {Shard} {Stall}; restarting it", uri, stall);
        Restarts.Add(1, new KeyValuePair<string, object?>("shard", uri.ToString()));
        try
        {
            await runtime.Agents.StopLocallyAsync(uri);
        }
        // A paused shard's daemon agent is already disposed; stopping it is only to free the registration.
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            logger.LogDebug(e, "Stopping projection {Shard} before its restart failed", uri);
        }
        try
        {
            await runtime.Agents.StartLocallyAsync(uri);
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            logger.LogError(e, "Projection {Shard} could not be restarted; the next check tries again", uri);
        }
    }

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            return Task.FromResult(_stalled.Count == 0
                ? HealthCheckResult.Healthy("Every async projection on this node advances.")
                : HealthCheckResult.Degraded("Restarted after a stall: " + string.Join("; ", _stalled.Select(s => $"{s.Key} {s.Value}"))));
        }
    }
}
