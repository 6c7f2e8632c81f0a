using System.Diagnostics;
using System.Globalization;
using DxEvents.Api.Headquarters;
using DxEvents.Api.Integrity;
using DxEvents.Api.Plans;
using DxEvents.Cli.Seed;
using DxEvents.Domain;
using DxEvents.Domain.Status;
using JasperFx.Events.Projections;
using Marten;
using static System.FormattableString;

namespace DxEvents.Benchmarks;

/// <summary>
/// The national scale: the synthetic data set of `dxevents seed` (1,741 municipalities by default) loaded into a throwaway
/// database the way the seed command loads it, the async projections and the chains built by Marten's daemon, and then,
/// each against a floor measured in the same run: loading (events/s against PostgreSQL's COPY of the same rows), rebuilding
/// every projection with Marten's rebuild (against a raw sequential read of mt_events, goal ≥ 0.3×), the headquarters status
/// of a municipality (against reading one stored row, goal ≤ 2×), an as-of reconstruction of a plan, verifying one
/// municipality's chain and every chain (against SHA-256 alone over the same bytes), and the database's size per
/// municipality (against the events' own bytes). One summary line last.
/// </summary>
internal static class NationalBenchmark
{
    private static readonly DateOnly ReportingDate = new(2026, 6, 1);

    public static async Task<int> RunAsync(string[] args)
    {
        var count = Stats.Option(args, "--municipalities", SyntheticNation.Municipalities);
        var years = Stats.Option(args, "--years", 5);
        var parallel = Stats.Option(args, "--parallel", 8);
        var iterations = Stats.Option(args, "--iterations", 300);
        var rounds = Stats.Option(args, "--rounds", 3);
        var only = Stats.Text(args, "--projections")?.Split(',', StringSplitOptions.RemoveEmptyEntries);
        var summary = new List<string>();

        await using var db = Stats.Text(args, "--reuse") is { } kept ? BenchDatabase.Reuse(kept) : await BenchDatabase.CreateAsync();
        var store = await db.OpenStoreAsync();
        var daemonStore = await db.OpenStoreAsync(daemon: true);
        var municipalities = SyntheticNation.Take(count);
        Console.WriteLine(Invariant($"national benchmark: {count} synthetic municipalities, {years} fiscal years of quarterly figures (FY{SyntheticPlans.FirstFiscalYear(years)}–FY{SyntheticPlans.LastFiscalYear}), ")
            + Invariant($"{parallel} municipalities appended at once, {Environment.ProcessorCount} cores, database {db.Name}{(db.Reused ? " (reused: no load)" : "")}"));

        // Marten's bulk import needs a superuser: without one, only the sessions are measured.
        var load = Stats.Text(args, "--load") ?? (db.AdminConnectionString is null ? "sessions" : "both");
        if (!db.Reused)
        {
            var rate = load == "bulk" ? await LoadBulkAsync(db, municipalities, years, parallel) : await LoadSessionsAsync(db, store, municipalities, years, parallel);
            var copy = await NationalFloors.CopyRateAsync(db);
            Console.WriteLine(Invariant($"load floor: PostgreSQL's COPY of the same rows {copy:F0} events/s; the load above {rate / copy:F3}×"));
            summary.Add(Invariant($"load ({(load == "bulk" ? "bulk" : "sessions")}) {rate:F0} events/s ({rate / copy:F3}× COPY)"));
            if (load == "both")
            {
                await using var other = await BenchDatabase.CreateAsync();
                var bulk = await LoadBulkAsync(other, municipalities, years, parallel);
                Console.WriteLine(Invariant($"  bulk import {bulk / copy:F3}× the COPY floor, {bulk / rate:F2}× the sessions (on database {other.Name}, dropped now)"));
                summary.Add(Invariant($"bulk import {bulk:F0} events/s ({bulk / copy:F3}× COPY)"));
            }
        }
        var events = await db.ScalarAsync<long>("select count(*) from dxevents.mt_events");

        using var daemon = await daemonStore.BuildProjectionDaemonAsync();
        var clock = Stopwatch.StartNew();
        await daemon.StartAllAsync();
        await new SealingWatch(db).WaitSealedAsync(TimeSpan.FromHours(1), everyProjection: true);
        Console.WriteLine(db.Reused
            ? Invariant($"daemon: caught up with {events} events in {clock.Elapsed.TotalSeconds:F1} s (reused database: built before)")
            : Invariant($"daemon: KPI figures and chains of {events} events built in {clock.Elapsed.TotalSeconds:F1} s ({events / clock.Elapsed.TotalSeconds:F0} events/s, from a cold start)"));

        summary.Add(await ReadsAsync(store, municipalities, years, iterations));
        await daemon.StopAllAsync();
        summary.Add(await RebuildAsync(db, daemonStore, events, rounds, only));
        summary.Add(await VerifyAsync(new ChainReads(store), municipalities));

        var (size, content, tables) = await NationalFloors.SizesAsync(db);
        Console.WriteLine(Invariant($"size: {size / 1048576.0:F0} MB, {size / 1048576.0 / count:F2} MB per municipality; the events' own bytes (floor) {content / 1048576.0:F0} MB: {(double)size / content:F1}×"));
        Console.WriteLine("  " + string.Join(", ", tables.Select(t => Invariant($"{t.Table} {t.Bytes / 1048576.0:F0} MB"))));
        summary.Add(Invariant($"{size / 1048576.0 / count:F2} MB per municipality ({(double)size / content:F1}× the events' bytes)"));

        Console.WriteLine();
        Console.WriteLine(Invariant($"national: {count} municipalities, {events} events; ") + string.Join("; ", summary));
        return 0;
    }

    /// <summary>The seed command's way: sessions as the service appends, several municipalities at once.</summary>
    private static async Task<double> LoadSessionsAsync(BenchDatabase db, IDocumentStore store, IReadOnlyList<SyntheticMunicipality> municipalities, int years, int parallel)
    {
        using var trace = new StatementTrace();
        var loaded = await SeedLoader.LoadAsync(store, municipalities, years, parallel, progress: Progress(municipalities.Count));
        trace.Dispose();
        Console.WriteLine(Invariant($"load (sessions): {loaded.Events} events in {loaded.Elapsed.TotalSeconds:F1} s, {loaded.EventsPerSecond:F0} events/s; ")
            + Invariant($"statements: {trace.Count} in all, {trace.Count / (double)municipalities.Count:F1} a municipality, the costliest:"));
        trace.Print(municipalities.Count, "municipality", 8);
        return loaded.EventsPerSecond;
    }

    /// <summary>Marten's order-preserving bulk import (COPY, as the superuser), then Marten's rebuild of the inline plan view.</summary>
    private static async Task<double> LoadBulkAsync(BenchDatabase db, IReadOnlyList<SyntheticMunicipality> municipalities, int years, int parallel)
    {
        await db.OpenStoreAsync();
        var admin = await db.OpenStoreAsync(daemon: true, connectionString: db.AdminConnectionString
            ?? throw new InvalidOperationException("--load bulk needs DXEVENTS_DB_ADMIN (a superuser): PostgreSQL refuses COPY under row-level security."));
        var (loaded, copy) = await SeedBulkLoader.LoadAsync(admin, await db.OpenStoreAsync(daemon: true), municipalities, years, parallel,
            progress: Progress(municipalities.Count));
        Console.WriteLine(Invariant($"load (bulk): {loaded.Events} events in {loaded.Elapsed.TotalSeconds:F1} s, {loaded.EventsPerSecond:F0} events/s: ")
            + Invariant($"COPY {copy.TotalSeconds:F1} s ({loaded.Events / copy.TotalSeconds:F0} events/s), rebuilding the inline plan view {(loaded.Elapsed - copy).TotalSeconds:F1} s"));
        return loaded.EventsPerSecond;
    }

    private static Action<int, long> Progress(int count)
    {
        var step = Math.Max(1, count / 10);
        return (done, events) =>
        {
            if (done % step == 0)
                Console.WriteLine(Invariant($"  loaded {done}/{count} municipalities, {events} events"));
        };
    }

    /// <summary>A random municipality each time: one stored row (the floor), its headquarters status, an as-of status of its plan.</summary>
    private static async Task<string> ReadsAsync(IDocumentStore store, IReadOnlyList<SyntheticMunicipality> municipalities, int years, int iterations)
    {
        var (views, chain, steps) = (new PlanViews(store, new Api.EventStore.EventReads(store)), new ChainReads(store), new StatusBenchmark.Steps());
        // Halfway through the history: FY2023's second quarter has its figures (recorded by early November).
        var asOf = new DateTimeOffset(SyntheticPlans.FirstFiscalYear(years) + years / 2, 11, 20, 18, 0, 0, TimeSpan.FromHours(9));
        var pick = new Random(7);
        SyntheticMunicipality Next() => municipalities[pick.Next(municipalities.Count)];
        // Every municipality's rollup stored first, as the first read of the day does it; the reads timed are the ones after it.
        var stored = new StoredHeadquartersReads(store, chain);
        foreach (var m in municipalities)
            await stored.ReadAsync(m.Tenant, ReportingDate, CancellationToken.None);
        var (floor, oneTrip, headquarters, afresh, live) = StatusBenchmark.Five(await StatusBenchmark.TimeInterleavedAsync(iterations,
            async () =>
            {
                var m = Next();
                await using var session = store.QuerySession(m.Tenant);
                _ = await session.LoadAsync<PlanPart>(StreamIds.Plan(m.PlanId)) ?? throw new InvalidOperationException($"{m.Tenant} has no plan.");
            },
            () =>
            {
                var m = Next();
                return StatusBenchmark.OneTripRowAsync(store, chain, m.Tenant, m.PlanId);
            },
            () => StatusBenchmark.HeadquartersAsync(stored, steps, Next().Tenant, ReportingDate),
            () => StatusBenchmark.HeadquartersAfreshAsync(stored, steps, Next().Tenant),
            () => StatusBenchmark.HeadquartersLiveAsync(views, chain, steps, Next().Tenant, ReportingDate)));
        var reconstruction = await StatusBenchmark.TimeAsync(iterations, () =>
        {
            var m = Next();
            return StatusBenchmark.AsOfAsync(views, chain, steps, m.Tenant, m.PlanId, asOf, ReportingDate);
        });
        Console.WriteLine(Invariant($"reads ({iterations} after 20 to warm up, a random municipality each; reporting date {ReportingDate:yyyy-MM-dd}, as of {asOf:yyyy-MM-dd HH:mm} JST):"));
        StatusBenchmark.Report("one stored row (floor)", floor, floor);
        StatusBenchmark.Report("  the same row in one trip", oneTrip, floor);
        StatusBenchmark.Report("headquarters status", headquarters, floor);
        StatusBenchmark.Report("  computed afresh (after a write)", afresh, floor);
        StatusBenchmark.Report("  live, every part (before)", live, floor);
        StatusBenchmark.Report("as-of reconstruction of a plan", reconstruction, floor);
        foreach (var (name, samples) in steps.Samples)
            Console.WriteLine(Invariant($"  median {name,-48} {Stats.Median(samples),7:F2} ms"));
        Console.WriteLine("  " + await NationwideAsync(views, municipalities));
        var (p50, p99, f50, f99) = (Stats.Percentile(headquarters, 0.5), Stats.Percentile(headquarters, 0.99), Stats.Percentile(floor, 0.5), Stats.Percentile(floor, 0.99));
        Console.WriteLine(Invariant($"goal headquarters status <= 2x one stored row: p50 {p50 / f50:F1}x {Stats.Met(p50 <= 2 * f50)}, p99 {p99 / f99:F1}x {Stats.Met(p99 <= 2 * f99)}"));
        var (t50, t99) = (Stats.Percentile(oneTrip, 0.5), Stats.Percentile(oneTrip, 0.99));
        Console.WriteLine(Invariant($"  against the row in one trip (stricter): p50 {p50 / t50:F1}x {Stats.Met(p50 <= 2 * t50)}, p99 {p99 / t99:F1}x {Stats.Met(p99 <= 2 * t99)}"));
        return Invariant($"headquarters status p50 {p50:F1} ms / p99 {p99:F1} ms = {p50 / f50:F1}× / {p99 / f99:F1}× one stored row (goal ≤ 2×: {Stats.Met(p50 <= 2 * f50 && p99 <= 2 * f99)}); ")
            + Invariant($"as-of p50 {Stats.Percentile(reconstruction, 0.5):F1} ms / p99 {Stats.Percentile(reconstruction, 0.99):F1} ms");
    }

    /// <summary>How the synthetic KPIs and measures fare across the nation under the status rule: a check that the data set
    /// spreads over the statuses as real plans do rather than being all on track.</summary>
    private static async Task<string> NationwideAsync(PlanViews views, IReadOnlyList<SyntheticMunicipality> municipalities)
    {
        var (kpis, measures) = (new List<StatusCounts>(), new List<StatusCounts>());
        foreach (var m in municipalities)
        {
            var report = Domain.Reports.HeadquartersRollup.Build(await views.ListAsync(m.Tenant, CancellationToken.None), ReportingDate);
            kpis.Add(report.Kpis);
            measures.Add(report.Measures);
        }
        static string Sum(List<StatusCounts> c) => Invariant($"achieved {c.Sum(x => x.Achieved)}, on track {c.Sum(x => x.OnTrack)}, at risk {c.Sum(x => x.AtRisk)}, ")
            + Invariant($"off track {c.Sum(x => x.OffTrack)}, no data {c.Sum(x => x.NoData)}, not started {c.Sum(x => x.NotStarted)}, cancelled {c.Sum(x => x.Cancelled)}");
        return $"across the nation on {ReportingDate:yyyy-MM-dd}: KPIs {Sum(kpis)}; measures {Sum(measures)}";
    }

    /// <summary>Marten rebuilds each projection (async and inline) from every event, against the raw sequential read of mt_events.</summary>
    private static async Task<string> RebuildAsync(BenchDatabase db, IDocumentStore daemonStore, long events, int rounds, string[]? only)
    {
        await RebuildBenchmark.RawReadAsync(db);
        var reads = new List<double>();
        for (var round = 0; round < rounds; round++)
        {
            var timer = Stopwatch.StartNew();
            await RebuildBenchmark.RawReadAsync(db);
            reads.Add(events / timer.Elapsed.TotalSeconds);
        }
        var raw = Stats.Median(reads);
        Console.WriteLine(Invariant($"rebuild: raw sequential read of mt_events (floor, median of {rounds}) {raw:F0} events/s"));
        var names = ((StoreOptions)daemonStore.Options).Projections.All.Where(p => p.Lifecycle != ProjectionLifecycle.Live).Select(p => p.Name)
            .Where(n => only is null || only.Contains(n)).ToList();
        if (names.Count == 0)
            return "no rebuild (--projections named none)";
        var (total, slowest) = (TimeSpan.Zero, (Name: "", Rate: double.MaxValue));
        using var daemon = await daemonStore.BuildProjectionDaemonAsync();
        foreach (var name in names)
        {
            var timer = Stopwatch.StartNew();
            await daemon.RebuildProjectionAsync(name, TimeSpan.FromHours(1), CancellationToken.None);
            total += timer.Elapsed;
            var rate = events / timer.Elapsed.TotalSeconds;
            slowest = rate < slowest.Rate ? (name, rate) : slowest;
            Console.WriteLine(Invariant($"  {name,-14} {timer.Elapsed.TotalSeconds,7:F1} s  {rate,8:F0} events/s  {rate / raw:F3}× raw"));
        }
        var all = events * names.Count / total.TotalSeconds;
        Console.WriteLine(Invariant($"  every projection, one after another: {total.TotalSeconds:F1} s ({all:F0} events/s a projection, {all / raw:F3}× raw)"));
        Console.WriteLine(Invariant($"goal rebuild >= 0.3x raw read: slowest ({slowest.Name}) {slowest.Rate / raw:F3}x {Stats.Met(slowest.Rate >= 0.3 * raw)}"));
        return Invariant($"rebuild of {names.Count} projections {total.TotalSeconds:F0} s, {all / raw:F3}× raw read a projection, slowest {slowest.Name} {slowest.Rate / raw:F3}× (goal ≥ 0.3: {Stats.Met(slowest.Rate >= 0.3 * raw)})");
    }

    /// <summary>Every municipality's chain verified as GET /audit/verify does, one after another, against SHA-256 alone over its encoded events.</summary>
    private static async Task<string> VerifyAsync(ChainReads chain, IReadOnlyList<SyntheticMunicipality> municipalities)
    {
        var (verify, sha, events) = (new List<double>(), 0.0, 0L);
        foreach (var m in municipalities)
        {
            var (count, hashing) = await NationalFloors.ShaAsync(chain, m.Tenant);
            var timer = Stopwatch.StartNew();
            var check = await chain.VerifyAsync(m.Tenant);
            verify.Add(timer.Elapsed.TotalMilliseconds);
            if (!check.Verification.Ok || check.Verification.Count != count || check.Unsealed != 0)
                throw new InvalidOperationException($"{m.Tenant}: the chain does not verify ({check.Verification.Break?.Detail}; {check.Unsealed} unsealed).");
            (sha, events) = (sha + hashing, events + count);
        }
        var all = verify.Sum();
        verify.Sort();
        var (p50, p99) = (Stats.Percentile(verify, 0.5), Stats.Percentile(verify, 0.99));
        var (rate, floor) = (events / (all / 1000), events / (sha / 1000));
        Console.WriteLine(Invariant($"verify: one municipality p50 {p50:F1} ms, p99 {p99:F1} ms ({events / municipalities.Count} events on average); ")
            + Invariant($"all {municipalities.Count} in {all / 1000:F1} s, {rate:F0} events/s; SHA-256 alone (floor) {floor:F0} events/s: {rate / floor:F3}×"));
        return Invariant($"verify one p50 {p50:F1} ms / p99 {p99:F1} ms, all {all / 1000:F0} s ({rate:F0} events/s, {rate / floor:F3}× SHA-256)");
    }
}
