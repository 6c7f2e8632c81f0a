using System.Diagnostics;
using DxEvents.Api.Projections;
using DxEvents.Domain;
using Marten;
using Npgsql;

namespace DxEvents.Benchmarks;

/// <summary>
/// Rebuilding the KPI figures projection (Marten's daemon, RebuildProjectionAsync) over a history of at least 200,000
/// events across many municipalities and KPIs, against the floor measured in the same run: a raw sequential read of
/// dxevents.mt_events (every row, every column). Between the two, to show where the rebuild's time goes: Marten reading
/// and deserializing the same events without projecting them.
/// </summary>
internal static class RebuildBenchmark
{
    /// <summary>Daemon configurations under trial beside the product's own: the KPI figures projection's async options.</summary>
    private static readonly Dictionary<string, (Action<StoreOptions>? Tweak, string? ConnectionSuffix)> Candidates = new()
    {
        ["batch-2000"] = (o => Figures(o).Options.BatchSize = 2_000, null),
        ["batch-5000"] = (o => Figures(o).Options.BatchSize = 5_000, null),
        ["flush-50000"] = (o => Figures(o).Options.RebuildFlushThreshold = 50_000, null),
        ["cache-10000"] = (o => Figures(o).Options.CacheLimitPerTenant = 10_000, null),
        ["async-commit"] = (null, ";Options=-c synchronous_commit=off"),
    };

    private static KpiFiguresProjection Figures(StoreOptions o) => o.Projections.All.OfType<KpiFiguresProjection>().Single();

    public static async Task<int> RunAsync(string[] args)
    {
        var target = Stats.Option(args, "--events", 200_000);
        var municipalities = Stats.Option(args, "--municipalities", 80);
        var kpis = Stats.Option(args, "--kpis", 25);
        var rounds = Stats.Option(args, "--rounds", 3);
        var trials = (Stats.Text(args, "--variants") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries);

        await using var db = await BenchDatabase.CreateAsync();
        await db.OpenStoreAsync();
        // The daemon's role rebuilds, as `dxevents projections rebuild` does.
        var daemonStore = await db.OpenStoreAsync(daemon: true);
        var candidates = new Dictionary<string, IDocumentStore>();
        foreach (var trial in trials)
            candidates[trial] = await db.OpenStoreAsync(daemon: true, tweak: Candidates[trial].Tweak,
                connectionString: db.DaemonConnectionString + Candidates[trial].ConnectionSuffix);
        var options = Figures((StoreOptions)daemonStore.Options).Options;
        var tenants = Enumerable.Range(0, municipalities).Select(m => $"city-{m:000}").ToList();
        var clock = Stopwatch.StartNew();
        var events = await BenchHistory.LoadAsync(db, tenants, kpis, (target + municipalities * kpis - 1) / (municipalities * kpis));
        Console.WriteLine($"rebuild benchmark: {events} events ({municipalities} municipalities × {kpis} KPIs, KpiDefined + quarterly KpiMeasured + "
            + $"every fifth corrected), bulk-loaded in {clock.Elapsed.TotalSeconds:F1} s ({events / clock.Elapsed.TotalSeconds:F0} events/s), "
            + $"{rounds} rounds, {Environment.ProcessorCount} cores, database {db.Name}; kpi_figures batch size {options.BatchSize}, "
            + $"rebuild flush threshold {options.RebuildFlushThreshold}, cache per tenant {options.CacheLimitPerTenant}");

        var (raw, parse, load, rebuild) = (new List<double>(), new List<double>(), new List<double>(), new List<double>());
        var tried = trials.ToDictionary(t => t, _ => new List<double>());
        // JIT and caches warm before the reads are timed; the rebuilds are long enough not to need it.
        await RawReadAsync(db);
        await RawReadDeserializedAsync(db, daemonStore);
        await MartenReadAsync(daemonStore);
        for (var round = 1; round <= rounds; round++)
        {
            raw.Add(await RateAsync(events, () => RawReadAsync(db)));
            parse.Add(await RateAsync(events, () => RawReadDeserializedAsync(db, daemonStore)));
            load.Add(await RateAsync(events, () => MartenReadAsync(daemonStore)));
            using (var trace = round == 1 ? new StatementTrace() : null)
            {
                rebuild.Add(await RateAsync(events, () => RebuildAsync(daemonStore)));
                if (trace is not null)
                {
                    Console.WriteLine($"  statements of the first rebuild ({trace.Count} in all):");
                    trace.Print(events, "event", 8);
                }
            }
            var figures = await db.ScalarAsync<long>("select count(*) from dxevents.mt_doc_kpifigure");
            Console.WriteLine($"  round {round}: raw read {raw[^1],8:F0} events/s   raw read + deserialize {parse[^1],8:F0} events/s   "
                + $"Marten read {load[^1],8:F0} events/s   rebuild {rebuild[^1],8:F0} events/s   ({figures} figures)");
            foreach (var (trial, store) in candidates)
            {
                using (var trace = round == 1 ? new StatementTrace() : null)
                {
                    tried[trial].Add(await RateAsync(events, () => RebuildAsync(store)));
                    if (trace is not null)
                    {
                        Console.WriteLine($"  statements of the first rebuild [{trial}] ({trace.Count} in all):");
                        trace.Print(events, "event", 4);
                    }
                }
                Console.WriteLine($"           rebuild [{trial}] {tried[trial][^1],8:F0} events/s   ({await db.ScalarAsync<long>("select count(*) from dxevents.mt_doc_kpifigure")} figures)");
            }
        }
        var (r, p, l, b) = (Stats.Median(raw), Stats.Median(parse), Stats.Median(load), Stats.Median(rebuild));
        Console.WriteLine();
        Console.WriteLine($"raw sequential read of mt_events (median): {r,8:F0} events/s");
        Console.WriteLine($"raw read + Marten's deserializer:          {p,8:F0} events/s  {p / r:F2}× raw");
        Console.WriteLine($"Marten reads the events, no projection:    {l,8:F0} events/s  {l / r:F2}× raw");
        Console.WriteLine($"Marten rebuilds kpi_figures (median):      {b,8:F0} events/s  {b / r:F2}× raw");
        Console.WriteLine($"goal rebuild >= 0.3x raw read: {b / r:F2}x  {Stats.Met(b >= 0.3 * r)}");
        Console.WriteLine($"Marten's own read (one query) would be {(1 / l) / (1 / b):P0} of the rebuild's time; the rebuild pages through the "
            + "events instead: see its statements above for what its time goes to");
        foreach (var (trial, rates) in tried)
            Console.WriteLine($"candidate [{trial}]: rebuild {Stats.Median(rates):F0} events/s, {Stats.Median(rates) / r:F2}× raw, {Stats.Median(rates) / b:F2}× the product's");
        return 0;
    }

    private static async Task<long> RebuildAsync(IDocumentStore store)
    {
        using var daemon = await store.BuildProjectionDaemonAsync();
        await daemon.RebuildProjectionAsync(KpiFiguresProjection.ProjectionName, TimeSpan.FromMinutes(30), CancellationToken.None);
        // The events the rebuild passed, by its own progress (not the count asked for): a rebuild that stopped early fails the guard.
        await using var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"""
            select count(*) from dxevents.mt_events where seq_id <= coalesce(
                (select last_seq_id from dxevents.mt_event_progression where name = '{KpiFiguresProjection.ProjectionName}:All'), 0)
            """, connection) { CommandTimeout = 600 };
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static async Task<double> RateAsync(long events, Func<Task<long>> work)
    {
        var clock = Stopwatch.StartNew();
        var seen = await work();
        if (seen != events)
            throw new InvalidOperationException($"Saw {seen} events, not {events}.");
        return events / clock.Elapsed.TotalSeconds;
    }

    /// <summary>The floor: every row and every column of mt_events, in one sequential read.</summary>
    public static async Task<long> RawReadAsync(BenchDatabase db)
    {
        await using var connection = new NpgsqlConnection(db.DaemonConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("select * from dxevents.mt_events", connection) { CommandTimeout = 600 };
        await using var reader = await command.ExecuteReaderAsync();
        long rows = 0;
        var values = new object[reader.FieldCount];
        while (await reader.ReadAsync())
        {
            reader.GetValues(values);
            rows++;
        }
        return rows;
    }

    /// <summary>The floor's rows, with each event's data deserialized by the store's serializer: the price of the JSON alone.</summary>
    private static async Task<long> RawReadDeserializedAsync(BenchDatabase db, IDocumentStore store)
    {
        var serializer = store.Options.Serializer();
        await using var connection = new NpgsqlConnection(db.DaemonConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("select type, data from dxevents.mt_events", connection) { CommandTimeout = 600 };
        await using var reader = await command.ExecuteReaderAsync();
        long rows = 0;
        while (await reader.ReadAsync())
        {
            if (serializer.FromJson(EventCatalog.TypeOf(reader.GetString(0)), reader, 1) is not null)
                rows++;
        }
        return rows;
    }

    /// <summary>Marten's own read of every event, deserialized into the domain's records.</summary>
    private static async Task<long> MartenReadAsync(IDocumentStore store)
    {
        await using var session = store.QuerySession();
        long count = 0;
        await foreach (var e in session.Events.QueryAllRawEvents().Where(e => e.AnyTenant()).ToAsyncEnumerable())
        {
            if (e.Data is not null)
                count++;
        }
        return count;
    }
}
