using System.Diagnostics;
using System.Globalization;
using DxEvents.Api.Integrity;
using DxEvents.Api.Projections;
using JasperFx.Events.Daemon;
using Marten;

namespace DxEvents.Benchmarks;

/// <summary>
/// Append throughput, in one run against one throwaway database, in alternating rounds so that drift hits every
/// scenario alike: the floors (a raw single-row INSERT; a raw optimistic append, one statement that moves the stream's
/// version only if it is the expected one and inserts the event) and Marten appending the way the service does
/// (FetchForWriting, Decide, one KpiMeasured, SaveChangesAsync) with 8 concurrent writers, for one municipality and for
/// eight, while the daemon seals the chain. Afterwards, from SQL: the sealing lag of every event appended by Marten,
/// and whether the inline plan views hold every figure that was appended.
/// </summary>
internal static class StoreBenchmark
{
    private sealed record Scenario(string Name, string? Store, Func<string, long, Task<Func<int, long, Task>>> Prepare);

    /// <summary>Configurations under trial for the request path's store, beside the product's own. no-plan-view is no
    /// proposal: it drops the inline plan view to show what that projection costs an append.</summary>
    private static readonly Dictionary<string, (Action<StoreOptions>? Tweak, string? ConnectionSuffix, bool RoleScoped)> Candidates = new()
    {
        ["sticky"] = (o => o.UseStickyConnectionLifetimes = true, null, false),
        ["prepare"] = (null, Prepare, false),
        ["sticky+prepare"] = (o => o.UseStickyConnectionLifetimes = true, Prepare, false),
        // Without its projection the plan view's table would be migrated to another shape: leave the schema alone.
        ["no-plan-view"] = (o =>
        {
            o.Projections.All.RemoveAll(p => p is Api.Projections.InlinePlanView.PlanParts or Api.Projections.InlinePlanView.MeasureParts or Api.Projections.InlinePlanView.KpiParts);
            o.AutoCreateSchemaObjects = JasperFx.AutoCreate.None;
        }, null, false),
    };

    private const string PeerRow = "bare Critter Stack (plain Marten)";

    /// <summary>The peer's store (src/DxEvents.Benchmarks.Peer's configuration) in a schema of its own on the benchmark's database.</summary>
    private static async Task<DocumentStore> OpenPeerStoreAsync(BenchDatabase db)
    {
        var store = DocumentStore.For(o =>
        {
            Peer.PeerStore.Configure(o, db.ConnectionString);
            o.AutoCreateSchemaObjects = JasperFx.AutoCreate.CreateOrUpdate;
        });
        await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        return store;
    }

    private const string Prepare = ";Max Auto Prepare=64;Auto Prepare Min Usages=2";

    public static async Task<int> RunAsync(string[] args)
    {
        var writers = Stats.Option(args, "--writers", 8);
        var seconds = Stats.Option(args, "--seconds", 6);
        var rounds = Stats.Option(args, "--rounds", 3);
        var trials = (Stats.Text(args, "--variants") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries);

        await using var db = await BenchDatabase.CreateAsync();
        var store = await db.OpenStoreAsync();
        await db.ExecuteAsync(StoreWorkload.RawTables);
        var workload = new StoreWorkload(await BenchPlans.LoadAsync(), store);
        var stores = new Dictionary<string, IDocumentStore> { ["product"] = store };
        foreach (var trial in trials)
        {
            var (tweak, suffix, _) = Candidates[trial];
            stores[trial] = await db.OpenStoreAsync(tweak: tweak, connectionString: db.ConnectionString + suffix);
        }

        // The service's daemon: every async projection, the chain sealer among them, on the cross-tenant role.
        // --daemon-poll-ms FAST,SLOW tries other high-water polling intervals (Marten's defaults: 250 ms and 1 s).
        var poll = Stats.Text(args, "--daemon-poll-ms")?.Split(',').Select(ms => TimeSpan.FromMilliseconds(int.Parse(ms, CultureInfo.InvariantCulture))).ToArray();
        var daemonStore = await db.OpenStoreAsync(daemon: true, tweak: poll is null ? null : o =>
        {
            o.Projections.FastPollingTime = poll[0];
            o.Projections.SlowPollingTime = poll[^1];
        });
        using var daemon = await daemonStore.BuildProjectionDaemonAsync();
        await daemon.StartAllAsync();
        var chain = new SealingWatch(db);

        using var peer = await OpenPeerStoreAsync(db);
        var payload = StoreWorkload.Payload(store, 0);
        var scenarios = new List<Scenario>
        {
            new("raw INSERT", null, (_, _) => Task.FromResult(StoreWorkload.RawInsert(db.DataSource, payload))),
            new("raw optimistic append", null, (phase, _) => StoreWorkload.RawOptimisticAsync(db.DataSource, phase, writers, payload)),
            new(PeerRow, null, (phase, _) => Task.FromResult(StoreWorkload.PeerAppend(peer, Layout.OneMunicipality(phase, writers)))),
        };
        foreach (var (name, _) in stores)
        {
            var suffix = name == "product" ? "" : $" [{name}]";
            foreach (var layout in name == "product"
                ? new Func<string, Layout>[] { p => Layout.OneMunicipality(p, writers), Layout.EightMunicipalities, Layout.OneMunicipalityPlanPerWriter }
                : [p => Layout.OneMunicipality(p, writers), Layout.EightMunicipalities])
            {
                scenarios.Add(new("Marten " + layout("x").Name + suffix, name, async (phase, perWriter) =>
                {
                    var l = layout(phase);
                    await workload.PrepareAsync(l, writers, perWriter);
                    return workload.MartenAppend(stores[name], l);
                }));
            }
        }
        Console.WriteLine($"store benchmark: {writers} writers, one event per append, {rounds} rounds of {seconds} s per scenario, "
            + $"{Environment.ProcessorCount} cores, database {db.Name}; chain sealer on the daemon throughout, high-water polling "
            + $"{daemonStore.Options.Projections.FastPollingTime.TotalMilliseconds} ms / {daemonStore.Options.Projections.SlowPollingTime.TotalMilliseconds} ms");

        var rates = scenarios.ToDictionary(s => s.Name, _ => new List<double>());
        var estimate = scenarios.ToDictionary(s => s.Name, _ => 100.0);
        var ranges = stores.Keys.ToDictionary(k => k, _ => new List<(long From, long To)>());
        for (var round = 0; round <= rounds; round++)
        {
            // Round 0 warms up (JIT, pools, plans) and sizes the plan copies each scenario needs.
            var duration = TimeSpan.FromSeconds(round == 0 ? 2 : seconds);
            for (var i = 0; i < scenarios.Count; i++)
            {
                var s = scenarios[i];
                var phase = $"r{round}s{i}";
                var perWriter = (long)(estimate[s.Name] * 1.5 * duration.TotalSeconds / writers) + 1;
                // The cross-tenant policy is the database's, so the daemon seals under it too while this scenario runs.
                var operation = await s.Prepare(phase, round == 0 ? 1 : perWriter);
                var from = s.Store is null ? 0 : await chain.WaitSealedAsync();
                var rate = await MeasureAsync(writers, duration, operation);
                estimate[s.Name] = Math.Max(estimate[s.Name], rate);
                if (round == 0)
                {
                    continue;
                }
                rates[s.Name].Add(rate);
                var line = $"  round {round}  {s.Name,-52} {rate,8:F0} events/s";
                if (s.Store is not null)
                {
                    var to = await chain.WaitSealedAsync();
                    var (events, figures, size) = await chain.PlanViewFiguresAsync(from, to, phase);
                    var lag = await chain.LagAsync([(from, to)]);
                    ranges[s.Store].Add((from, to));
                    line += $"   plan views hold {figures}/{events} figures ({size:F0} KB each)   sealing lag p50 {lag.P50:F3} s p99 {lag.P99:F3} s";
                }
                Console.WriteLine(line);
            }
        }
        await daemon.StopAllAsync();

        if (rounds > 0)
        {
            var lags = new Dictionary<string, SealingLag>();
            foreach (var (name, r) in ranges)
                lags[name] = await chain.LagAsync(r);
            Report(rates, lags);
        }
        if (!args.Contains("--no-profile"))
            await StoreProfile.RunAsync(db, workload, stores, writers, peer);
        return 0;
    }

    private static void Report(Dictionary<string, List<double>> rates, Dictionary<string, SealingLag> lags)
    {
        var lag = lags["product"];
        var median = rates.ToDictionary(r => r.Key, r => Stats.Median(r.Value));
        Console.WriteLine();
        Console.WriteLine("medians over the rounds:");
        foreach (var (name, rate) in median)
            Console.WriteLine($"  {name,-52} {rate,8:F0} events/s   {rate / median["raw optimistic append"],5:F2}× raw optimistic   "
                + $"{rate / median[PeerRow],5:F2}× bare peer   {rate / median["raw INSERT"],5:F2}× raw INSERT");
        var one = median["Marten 1 municipality"];
        var eight = median["Marten 8 municipalities"];
        var raw = median["raw optimistic append"];
        var peer = median[PeerRow];
        Console.WriteLine();
        Console.WriteLine($"bare Critter Stack (plain Marten) / raw optimistic append: {peer / raw:F2}x; DxEvents' Marten append / bare peer: "
            + $"1 municipality {one / peer:F2}x, 8 municipalities {eight / peer:F2}x");
        Console.WriteLine($"goal Marten append >= 0.5x raw optimistic append: 1 municipality {one / raw:F2}x, 8 municipalities {eight / raw:F2}x  "
            + Stats.Met(Math.Min(one, eight) >= 0.5 * raw));
        Console.WriteLine($"goal 1 municipality >= 0.9x 8 municipalities:       {one / eight:F2}x  {Stats.Met(one >= 0.9 * eight)}"
            + $"   (1 municipality, a plan per writer: {median["Marten 1 municipality, a plan per writer"] / eight:F2}x)");
        Console.WriteLine($"goal chain sealing lag p99 <= 1 s:                   p50 {lag.P50:F3} s, p99 {lag.P99:F3} s, max {lag.Max:F3} s over {lag.Count} events  {Stats.Met(lag.P99 <= 1.0)}");
        foreach (var (trial, trialLag) in lags.Where(l => l.Key != "product"))
        {
            Console.WriteLine($"candidate [{trial}]: 1 municipality {median[$"Marten 1 municipality [{trial}]"] / one:F2}x the product's, "
                + $"8 municipalities {median[$"Marten 8 municipalities [{trial}]"] / eight:F2}x; sealing lag p50 {trialLag.P50:F3} s p99 {trialLag.P99:F3} s");
        }
    }

    public static async Task<double> MeasureAsync(int writers, TimeSpan duration, Func<int, long, Task> operation)
    {
        long done = 0;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
        {
            for (long n = 0; clock.Elapsed < duration; n++)
            {
                await operation(w, n);
                Interlocked.Increment(ref done);
            }
        })));
        return done / clock.Elapsed.TotalSeconds;
    }
}
