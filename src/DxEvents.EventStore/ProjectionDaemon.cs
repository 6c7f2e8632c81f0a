using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace DxEvents.EventStore;

public sealed record DaemonOptions
{
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(250);
    public TimeSpan LeaderRetryInterval { get; init; } = TimeSpan.FromSeconds(2);
    public int BatchSize { get; init; } = 500;
    /// <summary>One advisory lock per database: whoever holds it is the only active daemon.</summary>
    public long LeaderLockKey { get; init; } = 0x4458_4441_454D; // "DXDAEM"
}

public sealed record ProjectionLag(string Projection, long Events, double Seconds, CommitPosition Checkpoint);

/// <summary>
/// Keeps async projections up to date. Exactly one daemon per database is active: leadership is a
/// session advisory lock held on a dedicated connection, released by PostgreSQL when the holder's
/// session ends, so a standby takes over when the leader dies. Each batch and its checkpoint commit
/// together under a row lock on the checkpoint, so even two processes briefly both believing they
/// lead cannot apply an event twice.
/// </summary>
public sealed class ProjectionDaemon(NpgsqlDataSource dataSource, IEnumerable<IAsyncProjection> projections, DaemonOptions? options = null, ILogger? logger = null)
{
    private readonly IReadOnlyList<IAsyncProjection> _projections = projections.ToList();
    private readonly DaemonOptions _options = options ?? new DaemonOptions();
    private readonly ILogger _logger = logger ?? NullLogger.Instance;
    private volatile bool _isLeader;

    public bool IsLeader => _isLeader;
    public IReadOnlyList<IAsyncProjection> Projections => _projections;

    public async Task RunAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await using var leaderConnection = await dataSource.OpenConnectionAsync(ct);
                if (!await TryTakeLeadershipAsync(leaderConnection, ct))
                {
                    await Task.Delay(_options.LeaderRetryInterval, ct);
                    continue;
                }
                _isLeader = true;
                _logger.LogInformation("Projection daemon is now the leader");
                while (!ct.IsCancellationRequested)
                {
                    var applied = 0;
                    foreach (var projection in _projections)
                        applied += await CatchUpAsync(projection, ct);
                    await StillLeaderAsync(leaderConnection, ct);
                    if (applied == 0)
                        await Task.Delay(_options.PollInterval, ct);
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException or TimeoutException)
            {
                _logger.LogWarning(ex, "Projection daemon stepped down; retrying");
                _isLeader = false;
                await Task.Delay(_options.LeaderRetryInterval, CancellationToken.None);
            }
            finally
            {
                _isLeader = false;
            }
        }
    }

    private async Task<bool> TryTakeLeadershipAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand("SELECT pg_try_advisory_lock($1)", connection);
        command.Parameters.Add(new() { Value = _options.LeaderLockKey });
        return await command.ExecuteScalarAsync(ct) is true;
    }

    // A dead leader connection means the lock is gone: throw, step down and compete again.
    private static async Task StillLeaderAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand("SELECT 1", connection);
        await command.ExecuteScalarAsync(ct);
    }

    /// <summary>Applies every committed event the projection has not seen, batch by batch. Returns how many.</summary>
    public async Task<int> CatchUpAsync(IAsyncProjection projection, CancellationToken ct = default, IProgress<long>? progress = null)
    {
        var total = 0;
        while (true)
        {
            var applied = await ApplyNextBatchAsync(projection, ct);
            if (applied == 0)
                return total;
            total += applied;
            progress?.Report(total);
        }
    }

    private async Task<int> ApplyNextBatchAsync(IAsyncProjection projection, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        await Tenancy.SetAllTenantsAsync(connection, tx, ct);
        var checkpoint = await Checkpoints.LockAsync(connection, tx, projection.Name, ct);
        var events = await CommitOrder.ReadAsync(connection, tx, checkpoint, _options.BatchSize, ct);
        if (events.Count == 0)
        {
            await tx.CommitAsync(ct);
            return 0;
        }
        using var activity = StoreTelemetry.Source.StartActivity("eventstore.project");
        activity?.SetTag("dxevents.projection", projection.Name);
        activity?.SetTag("dxevents.events", events.Count);
        var context = new ProjectionContext(connection, tx);
        await projection.ApplyAsync(context, events, ct);
        var last = events[^1];
        await Checkpoints.SaveAsync(context, projection.Name, new CommitPosition(last.TransactionId, last.Sequence), ct);
        await tx.CommitAsync(ct);
        StoreTelemetry.EventsProjected.Add(events.Count);
        return events.Count;
    }

    /// <summary>Empties the projection and replays every committed event into it.</summary>
    public async Task<int> RebuildAsync(IAsyncProjection projection, IProgress<long>? progress = null, CancellationToken ct = default)
    {
        await using (var connection = await dataSource.OpenConnectionAsync(ct))
        await using (var tx = await connection.BeginTransactionAsync(ct))
        {
            await Tenancy.SetAllTenantsAsync(connection, tx, ct);
            await Checkpoints.LockAsync(connection, tx, projection.Name, ct);
            var context = new ProjectionContext(connection, tx);
            await projection.ResetAsync(context, ct);
            await Checkpoints.SaveAsync(context, projection.Name, CommitPosition.Start, ct);
            await tx.CommitAsync(ct);
        }
        return await CatchUpAsync(projection, ct, progress);
    }

    public async Task<ProjectionLag> GetLagAsync(IAsyncProjection projection, CancellationToken ct = default) =>
        await Checkpoints.LagAsync(dataSource, projection.Name, ct);
}
