using System.Diagnostics;
using DxEvents.Api.EventStore;
using DxEvents.Api.Plans;
using Marten;
using Marten.Exceptions;

namespace DxEvents.Cli.Seed;

public sealed record SeedResult(int Municipalities, int Skipped, long Events, TimeSpan Elapsed)
{
    public double EventsPerSecond => Events / Math.Max(Elapsed.TotalSeconds, 1e-9);
}

/// <summary>
/// Appends synthetic municipalities through Marten as the service does — one session per municipality and command batch,
/// the municipality as the session's tenant (row-level security applies), Rich appends with the inline plan view
/// committed with the events, the plan opened by the service's own import — with many streams per session and several
/// municipalities at once. Marten's bulk import (<see cref="SeedBulkLoader"/>) does not fit the command: COPY runs no inline
/// projection, so the plan view must be rebuilt afterwards, and PostgreSQL refuses COPY into a table under row-level
/// security to everyone but a superuser (./ops/bench national measures both). The async projections (KPI figures, the
/// chain) are left to the daemon.
/// </summary>
public static class SeedLoader
{
    /// <param name="progress">Called after each municipality with the number done and the events appended so far.</param>
    public static async Task<SeedResult> LoadAsync(IDocumentStore store, IReadOnlyList<SyntheticMunicipality> municipalities, int years, int parallel,
        int seed = SyntheticNation.DefaultSeed, Action<int, long>? progress = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(municipalities);
        var history = new SyntheticHistory(new SyntheticPlans(RealPlans.Load()));
        var (done, skipped, events) = (0, 0, 0L);
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(municipalities, new ParallelOptions { MaxDegreeOfParallelism = parallel, CancellationToken = ct }, async (municipality, c) =>
        {
            var seeded = history.Build(municipality, years, seed);
            if (await AppendAsync(store, seeded, c))
                Interlocked.Add(ref events, seeded.EventCount);
            else
                Interlocked.Increment(ref skipped);
            progress?.Invoke(Interlocked.Increment(ref done), Interlocked.Read(ref events));
        });
        return new SeedResult(municipalities.Count - skipped, skipped, events, clock.Elapsed);
    }

    /// <summary>The municipality's plan import, then its batches in order; false when its plan is there already.</summary>
    public static async Task<bool> AppendAsync(IDocumentStore store, SeededMunicipality seeded, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(seeded);
        var tenant = seeded.Municipality.Tenant;
        await using (var session = store.LightweightSession(tenant))
        {
            Envelopes.Stamp(session, seeded.ImportMetadata, RequestId(seeded.ImportMetadata));
            PlanImport.Start(session, seeded.Plan);
            foreach (var e in session.PendingChanges.Streams().SelectMany(s => s.Events))
                e.Timestamp = seeded.ImportedAt;
            try
            {
                await session.SaveChangesAsync(ct);
            }
            catch (ExistingStreamIdCollisionException)
            {
                return false;
            }
        }
        foreach (var batch in seeded.Batches.Where(b => b.Events.Count > 0))
        {
            await using var session = store.LightweightSession(tenant);
            foreach (var stream in batch.Events.GroupBy(e => e.StreamId))
            {
                var action = session.Events.Append(stream.Key, [.. stream.Select(e => (object)e.Event)]);
                // Marten keeps metadata set on an event and stamps the session's only where none was set, so each event
                // carries its own command's actor, reason and ids, and the instant it was recorded.
                foreach (var (e, s) in action.Events.Zip(stream))
                {
                    e.Timestamp = s.RecordedAt;
                    Stamp(e, s.Metadata);
                }
            }
            await session.SaveChangesAsync(ct);
        }
        return true;
    }

    /// <summary>What Envelopes.Stamp puts on a command's events, on one event.</summary>
    internal static void Stamp(JasperFx.Events.IEvent e, Domain.EventMetadata metadata)
    {
        e.UserName = metadata.Actor;
        e.CorrelationId = metadata.CorrelationId;
        e.CausationId = metadata.CausationId;
        e.SetHeader(Envelopes.RequestIdHeader, RequestId(metadata));
        if (metadata.Reason is { } reason)
            e.SetHeader(Envelopes.ReasonHeader, reason);
    }

    /// <summary>Kestrel's request id shape (connection id : request number), from the command's trace id.</summary>
    private static string RequestId(Domain.EventMetadata metadata) =>
        "0HN" + (metadata.CorrelationId ?? "").ToUpperInvariant()[..Math.Min(10, metadata.CorrelationId?.Length ?? 0)] + ":00000001";
}
