using System.Diagnostics;
using DxEvents.Api.EventStore;
using DxEvents.Api.Plans;
using JasperFx.Events;
using Marten;
using Marten.Events;
using Npgsql;

namespace DxEvents.Cli.Seed;

/// <summary>
/// The same municipalities through Marten's bulk import instead of sessions: one order-preserving COPY per municipality
/// (BulkInsertEventStreamAsync: every event gets the next sequence in the order given, so recorded-at still rises with
/// the sequence), then Marten rebuilds the inline plan view, which COPY bypasses. PostgreSQL refuses COPY into a table
/// under row-level security to all but a superuser, so <paramref name="adminStore"/> must connect as one; the rebuild
/// runs on the daemon's cross-tenant store.
/// </summary>
public static class SeedBulkLoader
{
    private static readonly string[] PlanViewParts =
        [nameof(Domain.Status.PlanPart), nameof(Domain.Status.MeasurePart), nameof(Domain.Status.KpiPart)];

    public static async Task<(SeedResult Result, TimeSpan Copy)> LoadAsync(IDocumentStore adminStore, IDocumentStore daemonStore,
        IReadOnlyList<SyntheticMunicipality> municipalities, int years, int parallel, int seed = SyntheticNation.DefaultSeed,
        Action<int, long>? progress = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(adminStore);
        ArgumentNullException.ThrowIfNull(daemonStore);
        ArgumentNullException.ThrowIfNull(municipalities);
        var history = new SyntheticHistory(new SyntheticPlans(RealPlans.Load()));
        var registry = (IEventRegistry)adminStore.Options.Events;
        var (done, skipped, events) = (0, 0, 0L);
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(municipalities, new ParallelOptions { MaxDegreeOfParallelism = parallel, CancellationToken = ct }, async (municipality, c) =>
        {
            var seeded = history.Build(municipality, years, seed);
            var (headers, ordered) = Events(registry, seeded);
            try
            {
                await adminStore.BulkInsertEventStreamAsync(municipality.Tenant, headers, ordered.ToAsyncEnumerable(), 5_000, c);
                Interlocked.Add(ref events, ordered.Count);
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
            {
                Interlocked.Increment(ref skipped);
            }
            progress?.Invoke(Interlocked.Increment(ref done), Interlocked.Read(ref events));
        });
        var copy = clock.Elapsed;
        using (var daemon = await daemonStore.BuildProjectionDaemonAsync())
        {
            foreach (var part in PlanViewParts)
                await daemon.RebuildProjectionAsync(part, TimeSpan.FromHours(1), ct);
        }
        return (new SeedResult(municipalities.Count - skipped, skipped, events, clock.Elapsed), copy);
    }

    /// <summary>Municipalities with events that are not synthetic (their slugs do not start with syn-), at most ten.</summary>
    public static async Task<IReadOnlyList<string>> OtherMunicipalitiesAsync(IDocumentStore adminStore, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(adminStore);
        await using var connection = adminStore.Storage.Database.CreateConnection();
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand(
            $"select distinct tenant_id from {StoreSetup.Schema}.mt_streams where tenant_id not like '{SyntheticNation.TenantPrefix}%' limit 10", connection);
        var tenants = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            tenants.Add(reader.GetString(0));
        return tenants;
    }

    /// <summary>The municipality's events in the order the session path appends them, with the metadata it stamps.</summary>
    private static (List<BulkEventStreamHeader> Headers, List<IEvent> Events) Events(IEventRegistry registry, SeededMunicipality seeded)
    {
        var versions = new Dictionary<string, long>(StringComparer.Ordinal);
        var events = new List<IEvent>(seeded.EventCount);
        var warnings = PlanImport.Warnings(seeded.Plan);
        foreach (var stream in seeded.Plan.Streams)
        {
            foreach (var data in stream.Events)
            {
                var e = Event(registry, versions, stream.StreamId, data, seeded.ImportedAt, seeded.ImportMetadata);
                // As PlanImport.Start does: the import's warnings ride on the plan's first event.
                if (events.Count == 0 && warnings.Count > 0)
                    e.SetHeader(Envelopes.WarningsHeader, warnings.Select(w => w.Stored).ToArray());
                events.Add(e);
            }
        }
        foreach (var s in seeded.Batches.SelectMany(b => b.Events))
            events.Add(Event(registry, versions, s.StreamId, s.Event, s.RecordedAt, s.Metadata));
        return ([.. versions.Select(v => new BulkEventStreamHeader { Key = v.Key, Version = v.Value })], events);
    }

    private static IEvent Event(IEventRegistry registry, Dictionary<string, long> versions, string stream, object data, DateTimeOffset at, Domain.EventMetadata metadata)
    {
        var e = registry.BuildEvent(data);
        versions[stream] = e.Version = versions.GetValueOrDefault(stream) + 1;
        (e.StreamKey, e.Id, e.Timestamp) = (stream, Guid.CreateVersion7(), at);
        SeedLoader.Stamp(e, metadata);
        return e;
    }
}
