using System.Diagnostics.Metrics;
using System.Text.Json;
using DxEvents.Api.EventStore;
using DxEvents.Api.Plans;
using DxEvents.Domain;
using DxEvents.Domain.Status;
using Marten;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace DxEvents.Api.Projections;

/// <summary>A projection document that no longer equals the fold of its stream: changed outside Marten, or lost.</summary>
public sealed record DriftedDocument(string Tenant, string Type, string Id, string Why);

/// <summary>
/// The inline documents folded from one stream each (<see cref="ProjectionCatalog.InlineParts"/>: the plan view's parts, which
/// every status answer and page reads, and the figure-review setting) against a fresh fold of their streams with the same
/// pure code. The chain covers events, not the rows projected from them, so a part changed in the database would
/// otherwise show in every report with a valid chain head beside it. Read as the daemon's role, which sees every
/// municipality; one stream at a time, so memory stays flat. Covers the store's main database.
/// </summary>
public static class ProjectionDrift
{
    public static async Task<IReadOnlyList<DriftedDocument>> CheckAsync(IDocumentStore daemonStore, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(daemonStore);
        List<(string Tenant, string Id)> streams;
        await using (var all = daemonStore.QuerySession())
            streams = [.. (await all.AdvancedSql.QueryAsync<string>(
                    $"select json_build_array(tenant_id, id)::text from {StoreSetup.Schema}.mt_streams where id like 'plan/%' or id = ? order by tenant_id, id",
                    ct, StreamIds.Access))
                .Select(text => JsonSerializer.Deserialize<string[]>(text)!).Select(r => (r[0], r[1]))];

        var drifted = new List<DriftedDocument>();
        var serializer = daemonStore.Options.Serializer();
        foreach (var tenant in streams.GroupBy(s => s.Tenant))
        {
            await using var session = daemonStore.QuerySession(tenant.Key);
            foreach (var (_, id) in tenant)
            {
                if (ProjectionCatalog.InlineParts.FirstOrDefault(p => p.StreamType == StreamIds.TypeOf(id)) is not { } part)
                    continue;
                var events = await session.Events.FetchStreamAsync(id, token: ct);
                var (folded, stored) = await part.FoldAndLoadAsync(session, id, events, ct);
                if (Compare(serializer, folded, stored) is { } why)
                    drifted.Add(new(tenant.Key, part.DocumentName, part.DocumentIdOf(id), why));
            }
        }
        // The stored headquarters rollups are a cache of these parts: a served row is checked against the parts it is stamped
        // with, so that with the check above a served answer is tied to the history.
        drifted.AddRange(await Headquarters.StoredHeadquartersReads.DriftAsync(daemonStore, ct));
        return drifted;
    }

    /// <summary>Why a stored document is not the fold of its stream, or null when it is (both absent included).</summary>
    private static string? Compare(ISerializer serializer, object? folded, object? stored) =>
        (folded, stored) switch
        {
            (null, null) => null,
            (_, null) => "missing: its stream folds to a document the table does not hold",
            (null, _) => "extra: its stream folds to nothing",
            _ => serializer.ToJson(folded) == serializer.ToJson(stored) ? null : "differs from the fold of its stream",
        };

    /// <summary>The periodic check (DXEVENTS_DRIFT_CHECK_SECONDS, 300 by default, 0 off), its metric and its health check.</summary>
    public static IServiceCollection AddDxProjectionDriftCheck(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var seconds = int.TryParse(configuration["DXEVENTS_DRIFT_CHECK_SECONDS"], out var s) ? s : 300;
        services.AddSingleton(sp => new ProjectionDriftCheck(sp.GetRequiredService<IDaemonStore>(), TimeSpan.FromSeconds(Math.Max(0, seconds)),
            sp.GetRequiredService<ILogger<ProjectionDriftCheck>>()));
        services.AddHostedService(sp => sp.GetRequiredService<ProjectionDriftCheck>());
        services.AddHealthChecks().AddCheck<ProjectionDriftHealthCheck>("projection-drift", tags: ["ready"]);
        return services;
    }
}

/// <summary>Runs <see cref="ProjectionDrift"/> now and then, keeps its last answer, and counts what drifted as a gauge.</summary>
public sealed partial class ProjectionDriftCheck : BackgroundService
{
    public const string MeterName = "DxEvents.Projections.Drift";
    private readonly IDocumentStore _store;
    private readonly TimeSpan _every;
    private readonly ILogger<ProjectionDriftCheck> _log;
    private readonly Meter _meter = new(MeterName);

    public ProjectionDriftCheck(IDocumentStore store, TimeSpan every, ILogger<ProjectionDriftCheck> log)
    {
        (_store, _every, _log) = (store, every, log);
        _meter.CreateObservableGauge("dxevents.projection.drift.documents", () => Last?.Count ?? 0, "{document}",
            "Projection documents that differ from the fold of their streams at the last check");
    }

    /// <summary>The last check's answer; null before the first.</summary>
    public IReadOnlyList<DriftedDocument>? Last { get; private set; }

    public async Task<IReadOnlyList<DriftedDocument>> RunOnceAsync(CancellationToken ct = default)
    {
        var drifted = await ProjectionDrift.CheckAsync(_store, ct);
        foreach (var d in drifted)
            LogDrift(d.Tenant, d.Type, d.Id, d.Why);
        return Last = drifted;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (_every <= TimeSpan.Zero)
            return;
        using var timer = new PeriodicTimer(_every);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await RunOnceAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogFailed(e);
            }
        }
    }

    public override void Dispose()
    {
        _meter.Dispose();
        base.Dispose();
    }

    [LoggerMessage(LogLevel.Error, "Projection drift: {Tenant} {Type} {Id} {Why}")]
    private partial void LogDrift(string tenant, string type, string id, string why);

    [LoggerMessage(LogLevel.Warning, "The projection drift check failed; it runs again at its next tick")]
    private partial void LogFailed(Exception e);
}

/// <summary>Ready but degraded while the last check found drifted documents: reads may show numbers the history does not support.</summary>
public sealed class ProjectionDriftHealthCheck(ProjectionDriftCheck check) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default) =>
        Task.FromResult(check.Last is { Count: > 0 } drifted
            ? HealthCheckResult.Degraded($"{drifted.Count} projection document(s) differ from their streams: "
                + string.Join(", ", drifted.Take(5).Select(d => $"{d.Tenant} {d.Id}")))
            : HealthCheckResult.Healthy("Projection documents equal the fold of their streams (or not checked yet)."));
}
