using System.Diagnostics;
using System.Globalization;
using DxEvents.Api.EventStore;
using DxEvents.Benchmarks.Http;
using static System.FormattableString;

namespace DxEvents.Benchmarks.Drills;

/// <summary>
/// Whether every command is in the history exactly as often as it should be, counted in mt_events by the Idempotency-Key
/// the service carries in each event's metadata (Marten's causation id): an acknowledged command with no event is lost,
/// any command with more than one event is doubled.
/// </summary>
internal sealed record ExactlyOnce(long Acknowledged, long Once, long Lost, long Doubled, long Unacknowledged, long Refused, long Replayed, long Resent)
{
    public bool Kept => Lost == 0 && Doubled == 0 && Unacknowledged == 0 && Refused == 0;

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"acknowledged {Acknowledged}, present exactly once {Once}, lost {Lost}, doubled {Doubled}, unacknowledged {Unacknowledged}, refused {Refused}, resent {Resent}, replayed {Replayed}");
}

/// <summary>The chain after a drill: how long the daemon took to pass every committed event, and GET /audit/verify of each municipality.</summary>
internal sealed record ChainOutcome(double SealedAfterSeconds, IReadOnlyList<ChainCheck> Checks, string? Failure)
{
    public bool Verifies => Failure is null && Checks.All(c => c.Verifies);

    public override string ToString() => Verifies
        ? string.Create(CultureInfo.InvariantCulture, $"chain verifies ({Checks.Count} municipalities, {Checks.Sum(c => c.Count)} events, sealed {SealedAfterSeconds:F1} s after the load)")
        : "chain does NOT verify (" + (Failure ?? string.Join("; ", Checks.Where(c => !c.Verifies).Select(c => $"{c.Tenant}: {c.Answer}"))) + ")";
}

/// <summary>The KPI figures projection against the history of one database: one row per KpiMeasured, and the corrections the
/// rows count equal to the KpiMeasurementCorrected events (a correction skipped or applied twice in a takeover shows here).</summary>
internal sealed record ProjectedOnce(long Rows, long Measured, long CorrectionsCounted, long Corrected)
{
    public bool Kept => Rows == Measured && CorrectionsCounted == Corrected;

    public static ProjectedOnce operator +(ProjectedOnce a, ProjectedOnce b) =>
        new(a.Rows + b.Rows, a.Measured + b.Measured, a.CorrectionsCounted + b.CorrectionsCounted, a.Corrected + b.Corrected);

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"KPI figure rows {Rows} for {Measured} KpiMeasured, corrections counted {CorrectionsCounted} for {Corrected} KpiMeasurementCorrected ({(Kept ? "each projected once" : "NOT once each")})");
}

internal static class DrillChecks
{
    /// <summary>Read after the daemon has passed every event (<see cref="CheckAsync"/>).</summary>
    public static async Task<ProjectedOnce> ProjectedOnceAsync(BenchDatabase db)
    {
        const string S = StoreSetup.Schema;
        return new ProjectedOnce(
            await db.ScalarAsync<long>($"select count(*) from {S}.mt_doc_kpifigure"),
            await db.ScalarAsync<long>($"select count(*) from {S}.mt_events where type = 'KpiMeasured'"),
            await db.ScalarAsync<long>($"select coalesce(sum((data->>'corrections')::bigint), 0)::bigint from {S}.mt_doc_kpifigure"),
            await db.ScalarAsync<long>($"select count(*) from {S}.mt_events where type = 'KpiMeasurementCorrected'"));
    }

    /// <summary>
    /// After the load: how it went (one line), the daemon's catch-up and every chain (<see cref="ChainAsync"/>), then each
    /// command counted in the history.
    /// </summary>
    /// <param name="verifier">The node that verifies the chains (the first service by default).</param>
    public static async Task<(ExactlyOnce Once, ChainOutcome Chain)> CheckAsync(ServiceUnderTest run, Recorders recorders, LoadStats stats, TimeSpan settle,
        ApiClient? verifier = null)
    {
        var (p50, p99, max) = stats.Latency();
        Console.WriteLine(Invariant($"  load done: {stats.Completed} commands in {stats.Elapsed.TotalSeconds:F1} s; answers {stats.StatusSummary()}; ")
            + Invariant($"p50 {p50:F1} ms, p99 {p99:F1} ms, max {max:F0} ms"));
        var chain = await ChainAsync(run, settle, verifier ?? run.Api);
        var once = await ExactlyOnceAsync(run.Databases, recorders);
        Console.WriteLine($"  {once}");
        foreach (var refused in recorders.Sent.Where(s => s.Refused).Take(5))
            Console.WriteLine($"  refused {refused.LastStatus} after {refused.Attempts} attempt(s): {refused.Command.Path} {refused.Problem}");
        Console.WriteLine($"  {chain}");
        return (once, chain);
    }

    /// <summary>Counted in every database: a command's events may only be in its municipality's, but a doubled one
    /// would count wherever it landed.</summary>
    private static async Task<ExactlyOnce> ExactlyOnceAsync(IEnumerable<BenchDatabase> databases, Recorders recorders)
    {
        var sent = recorders.Sent;
        var events = new Dictionary<string, long>();
        foreach (var db in databases)
            foreach (var (key, count) in await db.RowsAsync(
                $"select causation_id, count(*) from {StoreSetup.Schema}.mt_events where causation_id like '{recorders.Run}-%' group by causation_id",
                r => (Key: r.GetString(0), Count: r.GetInt64(1))))
                events[key] = events.GetValueOrDefault(key) + count;
        long Events(SentCommand s) => events.GetValueOrDefault(s.Command.IdempotencyKey);
        var acknowledged = sent.Where(s => s.Acknowledged).ToList();
        return new ExactlyOnce(
            acknowledged.Count,
            acknowledged.Count(s => Events(s) == 1),
            acknowledged.Count(s => Events(s) == 0),
            sent.Count(s => Events(s) > 1),
            sent.Count(s => !s.Acknowledged && !s.Refused),
            sent.Count(s => s.Refused),
            acknowledged.Count(s => s.Replayed),
            sent.Count(s => s.Attempts > 1));
    }

    /// <summary>Waits (at most <paramref name="timeout"/>) for the daemon (the sealer and every other async projection) to pass
    /// every committed event of every database, then verifies every municipality's chain.</summary>
    private static async Task<ChainOutcome> ChainAsync(ServiceUnderTest run, TimeSpan timeout, ApiClient verifier)
    {
        var clock = Stopwatch.StartNew();
        try
        {
            foreach (var db in run.Databases)
                await new SealingWatch(db).WaitSealedAsync(timeout - clock.Elapsed, everyProjection: true);
        }
        catch (TimeoutException e)
        {
            return new ChainOutcome(clock.Elapsed.TotalSeconds, [], e.Message);
        }
        var sealedAfter = clock.Elapsed.TotalSeconds;
        return new ChainOutcome(sealedAfter, await run.Municipalities.VerifyAsync(verifier), null);
    }

    /// <summary>The summary line, last; 0 when every promise held.</summary>
    public static int Finish(ServiceUnderTest run, string drill, bool kept, string figures)
    {
        run.Service.KeepLog = !kept;
        Console.WriteLine();
        Console.WriteLine($"{drill}: {figures} — {(kept ? "promises kept" : "PROMISE BROKEN")}");
        return kept ? 0 : 1;
    }
}
