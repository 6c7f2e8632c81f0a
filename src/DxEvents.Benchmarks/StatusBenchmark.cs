using System.Diagnostics;
using System.Text.Json;
using DxEvents.Api.EventStore;
using DxEvents.Api.Headquarters;
using DxEvents.Api.Infrastructure;
using DxEvents.Api.Integrity;
using DxEvents.Api.Plans;
using DxEvents.Api.Projections;
using DxEvents.Domain;
using DxEvents.Domain.Fiscal;
using DxEvents.Domain.Kpis;
using DxEvents.Domain.Measures;
using DxEvents.Domain.Reports;
using DxEvents.Domain.Status;
using Marten;

namespace DxEvents.Benchmarks;

/// <summary>
/// The headquarters status read and an as-of reconstruction of one plan, as their endpoints do them, on the Mima sample
/// with a figure for every KPI and quarter FY2023 Q1–FY2025 Q4 (recorded the service's way), against the floor measured
/// in the same run: one round trip fetching the stored plan view (no rule evaluated). Latencies p50 and p99, and the
/// median of each step. As-of reads wait for Marten's high-water mark, so the daemon runs throughout.
/// </summary>
internal static class StatusBenchmark
{
    private const string Tenant = "mima";
    private const string Plan = "mima-dx";
    private static readonly DateOnly ReportingDate = new(2026, 4, 15);
    private static readonly DateTimeOffset Now = new(2026, 4, 15, 10, 0, 0, TimeSpan.FromHours(9));
    private static readonly JsonSerializerOptions Json = new(EventCatalog.JsonOptions) { Converters = { RequestLanguage.JsonConverter } };

    public static async Task<int> RunAsync(string[] args)
    {
        var iterations = Stats.Option(args, "--iterations", 300);
        await using var db = await BenchDatabase.CreateAsync();
        var store = await db.OpenStoreAsync();
        var daemonStore = await db.OpenStoreAsync(daemon: true);
        using var daemon = await daemonStore.BuildProjectionDaemonAsync();
        await daemon.StartAllAsync();
        var reads = new EventReads(store);
        var views = new PlanViews(store, reads);
        var chain = new ChainReads(store);
        var (figures, midpoint) = await LoadAsync(store);
        if (await reads.SettledHorizonAsync(Tenant, TimeSpan.FromSeconds(30)) is null)
            throw new TimeoutException("Marten's high-water mark did not reach the loaded events.");
        await new SealingWatch(db).WaitSealedAsync();
        Console.WriteLine($"status benchmark: Mima sample, {figures} quarterly figures FY2023 Q1–FY2025 Q4, {iterations} iterations after 20 to warm up, "
            + $"{Environment.ProcessorCount} cores, database {db.Name}");

        var steps = new Steps();
        var stored = new StoredHeadquartersReads(store, chain);
        var (floor, oneTrip, headquarters, afresh, live) = Five(await TimeInterleavedAsync(iterations,
            async () => _ = await views.GetAsync(Tenant, Plan, CancellationToken.None),
            () => OneTripRowAsync(store, chain, Tenant, Plan),
            () => HeadquartersAsync(stored, steps, Tenant, ReportingDate),
            () => HeadquartersAfreshAsync(stored, steps, Tenant),
            () => HeadquartersLiveAsync(views, chain, steps, Tenant, ReportingDate)));
        var asOf = await TimeAsync(iterations, () => AsOfAsync(views, chain, steps, Tenant, Plan, midpoint, ReportingDate));
        // Inside the as-of read: whether every sequence handed out has settled (two queries when nothing is in flight).
        var settle = await TimeAsync(iterations, async () => _ = await reads.SettledHorizonAsync(Tenant, EventReads.DefaultSettleWait));
        await daemon.StopAllAsync();

        Report("stored plan view read (floor)", floor, floor);
        Report("  its plan part in one trip", oneTrip, floor);
        Report("headquarters status read", headquarters, floor);
        Report("  computed afresh (after a write)", afresh, floor);
        Report("  live, every part (before)", live, floor);
        Report("as-of reconstruction of one plan", asOf, floor);
        Console.WriteLine();
        Console.WriteLine("median of each step (ms):");
        foreach (var (step, samples) in steps.Samples)
            Console.WriteLine($"  {step,-48} {Stats.Median(samples),7:F2}");
        Console.WriteLine($"  {"  of which the settle check (timed apart)",-48} {Stats.Median(settle),7:F2}");
        return 0;
    }

    /// <summary>GET /headquarters/status as its endpoint does it: the stored rollup and its chain pin in one round trip (after
    /// the first read, which stores it), and the answer's JSON.</summary>
    public static async Task HeadquartersAsync(StoredHeadquartersReads stored, Steps steps, string tenant, DateOnly reportingDate)
    {
        var (read, _) = await steps.TimeAsync("headquarters: stored rollup and pin (one trip)", () => stored.ReadAsync(tenant, reportingDate, CancellationToken.None));
        _ = steps.Time("headquarters: JSON", () => JsonSerializer.Serialize(read.Report, Json));
    }

    private static int _afresh;
    // Far from any date asked before, also on a database kept from an earlier run.
    private static readonly DateOnly AfreshFrom = new DateOnly(2100, 1, 1).AddDays(Random.Shared.Next(250_000));

    /// <summary>The first read after a write: no row for the parts' state, so every part is read, the rollup built, the pin read
    /// and the row written. A reporting date not asked before stands for the write (the row's key changes instead of its stamp).</summary>
    public static async Task HeadquartersAfreshAsync(StoredHeadquartersReads stored, Steps steps, string tenant)
    {
        var date = AfreshFrom.AddDays(Interlocked.Increment(ref _afresh));
        var (read, hit) = await steps.TimeAsync("headquarters afresh: parts, rollup, pin, row written", () => stored.ReadAsync(tenant, date, CancellationToken.None));
        if (hit)
            throw new InvalidOperationException("A reporting date never asked before was served from a stored row.");
        _ = JsonSerializer.Serialize(read.Report, Json);
    }

    /// <summary>The read before the stored rollup: every plan view composed from its parts, the rule and the rollup, the JSON,
    /// the chain pin in a round trip of its own.</summary>
    public static async Task HeadquartersLiveAsync(PlanViews views, ChainReads chain, Steps steps, string tenant, DateOnly reportingDate)
    {
        var plans = await steps.TimeAsync("headquarters live: plan views", () => views.ListAsync(tenant, CancellationToken.None));
        _ = steps.Time("headquarters live: rule, rollup, JSON", () => JsonSerializer.Serialize(HeadquartersRollup.Build(plans, reportingDate), Json));
        _ = await steps.TimeAsync("headquarters live: chain pin", () => chain.PinAtSequenceAsync(tenant, plans.Max(p => p.LastSequence), CancellationToken.None));
    }

    /// <summary>GET /plans/{planId}/status?asOf=: the plan's settled events up to then folded afresh, the rule, the JSON, the chain pin.</summary>
    public static async Task AsOfAsync(PlanViews views, ChainReads chain, Steps steps, string tenant, string planId, DateTimeOffset asOf, DateOnly reportingDate)
    {
        var view = await steps.TimeAsync("as-of: settle, read and fold the plan's events", () => views.AsOfAsync(tenant, planId, asOf, CancellationToken.None));
        _ = steps.Time("as-of: rule and JSON", () => JsonSerializer.Serialize(StatusRule.Evaluate(view!, reportingDate, view!.Tolerances), Json));
        _ = await steps.TimeAsync("as-of: chain pin", () => chain.PinAsOfAsync(tenant, asOf, CancellationToken.None));
    }

    /// <summary>The plan imported, every measure started and every KPI's quarterly figures recorded the way the service records them.</summary>
    private static async Task<(int Figures, DateTimeOffset Midpoint)> LoadAsync(IDocumentStore store)
    {
        var plan = (await BenchPlans.LoadAsync()).Plan(Tenant, Plan);
        await BenchPlans.ImportAsync(store, plan);
        var kpis = BenchPlans.Kpis(plan);
        await using (var session = store.LightweightSession(Tenant))
        {
            Envelopes.Stamp(session, BenchPlans.Metadata);
            foreach (var measure in kpis.Select(k => k.MeasureId).Distinct())
                session.Events.Append(StreamIds.Measure(Plan, measure), new MeasureStarted(Plan, measure, new DateOnly(2023, 4, 1), null));
            await session.SaveChangesAsync();
        }
        var figures = 0;
        DateTimeOffset? midpoint = null;
        for (var quarter = new FiscalQuarter(new FiscalYear(2023), 1); quarter.Year.Year <= 2025; quarter = quarter.Next)
        {
            foreach (var kpi in kpis)
            {
                await using var session = store.LightweightSession(Tenant);
                Envelopes.Stamp(session, BenchPlans.Metadata);
                var stream = await session.Events.FetchForWriting<KpiStream>(StreamIds.Kpi(Plan, kpi.KpiId));
                var value = kpi.Kind == KpiKind.Milestone ? 0m : 5m * (figures % 7 + 1);
                stream.AppendMany(KpiDecider.Decide(KpiStream.StateOf(stream.Aggregate), new RecordKpiFigure(quarter.Year.Year, quarter.Number, value, null), Now));
                await session.SaveChangesAsync();
                figures++;
            }
            // As of the moment FY2024 Q2 was complete: half of the figures were known.
            if (quarter.Year.Year == 2024 && quarter.Number == 2)
                midpoint = DateTimeOffset.UtcNow;
        }
        return (figures, midpoint!.Value);
    }

    /// <summary>Milliseconds of each of <paramref name="iterations"/> reads after 20 to warm up, sorted.</summary>
    public static async Task<List<double>> TimeAsync(int iterations, Func<Task> read)
    {
        for (var i = 0; i < 20; i++)
            await read();
        var samples = new List<double>(iterations);
        for (var i = 0; i < iterations; i++)
        {
            var clock = Stopwatch.StartNew();
            await read();
            samples.Add(clock.Elapsed.TotalMilliseconds);
        }
        samples.Sort();
        return samples;
    }

    /// <summary>
    /// Reads timed in turn, one of each per iteration, so that each sees the same load: on a machine shared with other work,
    /// reads timed one after another in blocks gave ratios to the floor that moved by 3× between runs.
    /// </summary>
    public static async Task<List<double>[]> TimeInterleavedAsync(int iterations, params Func<Task>[] reads)
    {
        ArgumentNullException.ThrowIfNull(reads);
        var samples = reads.Select(_ => new List<double>(iterations)).ToArray();
        for (var i = -20; i < iterations; i++)
        {
            for (var r = 0; r < reads.Length; r++)
            {
                var clock = Stopwatch.StartNew();
                await reads[r]();
                if (i >= 0)
                    samples[r].Add(clock.Elapsed.TotalMilliseconds);
            }
        }
        foreach (var list in samples)
            list.Sort();
        return samples;
    }

    /// <summary>A stricter floor than a Marten session's load: the same document fetched by its key with the municipality set
    /// in one round trip (one NpgsqlBatch, as the stored headquarters read does), and deserialized.</summary>
    public static async Task OneTripRowAsync(IDocumentStore store, ChainReads chain, string tenant, string planId)
    {
        var table = store.Options.FindOrResolveDocumentType(typeof(PlanPart)).TableName.QualifiedName;
        _ = await chain.InOneTripAsync(tenant, $"select data from {table} where tenant_id = $1 and id = $2", [new() { Value = StreamIds.Plan(planId) }],
            async reader => await reader.ReadAsync() ? store.Options.Serializer().FromJson<PlanPart>(reader, 0) : null, CancellationToken.None)
            ?? throw new InvalidOperationException($"{tenant} has no plan.");
    }

    public static (List<double>, List<double>, List<double>, List<double>, List<double>) Five(List<double>[] s) => (s[0], s[1], s[2], s[3], s[4]);

    public static void Report(string what, List<double> samples, List<double> floor)
    {
        var (p50, p99) = (Stats.Percentile(samples, 0.50), Stats.Percentile(samples, 0.99));
        Console.WriteLine($"{what,-34} p50 {p50,7:F2} ms   p99 {p99,7:F2} ms   ratio to the floor: p50 {p50 / Stats.Percentile(floor, 0.50),5:F1}  p99 {p99 / Stats.Percentile(floor, 0.99),5:F1}");
    }

    /// <summary>Milliseconds per step, over every iteration (warm-up included).</summary>
    internal sealed class Steps
    {
        public Dictionary<string, List<double>> Samples { get; } = [];

        public async Task<T> TimeAsync<T>(string step, Func<Task<T>> work)
        {
            var clock = Stopwatch.StartNew();
            var result = await work();
            Add(step, clock.Elapsed.TotalMilliseconds);
            return result;
        }

        public T Time<T>(string step, Func<T> work)
        {
            var clock = Stopwatch.StartNew();
            var result = work();
            Add(step, clock.Elapsed.TotalMilliseconds);
            return result;
        }

        private void Add(string step, double ms)
        {
            if (!Samples.TryGetValue(step, out var list))
                Samples[step] = list = [];
            list.Add(ms);
        }
    }
}
