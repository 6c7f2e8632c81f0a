using System.Diagnostics;
using DxEvents.EventStore;
using Npgsql;

namespace DxEvents.Benchmarks;

/// <summary>
/// Append throughput through the store (one event per append, concurrent writers, one inline
/// projection) against raw single-row INSERTs of the same JSON into a plain table, measured in the
/// same run on the same database, in alternating rounds so drift hits both alike. The ratio is the figure.
/// </summary>
internal static class StoreBenchmark
{
    private const string Payload = """{"planId":"mima-dx","measureId":"m01","kpiId":"k01","fiscalYear":2025,"quarter":2,"value":118,"note":"窓口受付件数を集計"}""";
    private const string Metadata = """{"actor":"美馬市 DX推進室 田中","correlationId":"bench"}""";

    private sealed class StreamCounter : IInlineProjection
    {
        public ValueTask ApplyAsync(ProjectionContext context, IReadOnlyList<StoredEvent> events, CancellationToken ct)
        {
            var e = events[^1];
            var command = new NpgsqlBatchCommand("""
                INSERT INTO bench_counts (tenant_id, stream_id, events, last_seq) VALUES ($1, $2, $3, $4)
                ON CONFLICT (tenant_id, stream_id) DO UPDATE SET events = bench_counts.events + EXCLUDED.events, last_seq = EXCLUDED.last_seq
                """);
            command.Parameters.Add(new() { Value = e.TenantId });
            command.Parameters.Add(new() { Value = e.StreamId });
            command.Parameters.Add(new() { Value = (long)events.Count });
            command.Parameters.Add(new() { Value = e.Sequence });
            context.Write(command);
            return ValueTask.CompletedTask;
        }
    }

    private static readonly Migration BenchTables = new("bench", 1, "bench tables", """
        CREATE TABLE bench_raw (id bigserial PRIMARY KEY, data jsonb NOT NULL);
        CREATE TABLE bench_counts (tenant_id text NOT NULL, stream_id text NOT NULL, events bigint NOT NULL, last_seq bigint NOT NULL,
                                   PRIMARY KEY (tenant_id, stream_id));
        """ + StoreSchema.TenantPolicy("bench_counts"));

    public static async Task<int> RunAsync(string[] args)
    {
        var writers = Option(args, "--writers", 8);
        var tenants = Option(args, "--tenants", 1);
        var seconds = Option(args, "--seconds", 8);
        var rounds = Option(args, "--rounds", 3);

        await using var db = await BenchDatabase.CreateAsync([.. StoreSchema.Migrations, BenchTables]);
        var store = new EventStore.EventStore(db.DataSource, args.Contains("--no-projection") ? [] : [new StreamCounter()]);
        Console.WriteLine($"store benchmark: {writers} writers, {tenants} tenant(s), {rounds} rounds of {seconds} s each, database {db.Name}");

        await Measure(writers, 1, i => RawInsert(db.DataSource)); // warm-up: pools, JIT, plans
        await Measure(writers, 1, StoreAppend(store, writers, tenants));
        var raw = new List<double>();
        var appended = new List<double>();
        for (var round = 1; round <= rounds; round++)
        {
            raw.Add(await Measure(writers, seconds, i => RawInsert(db.DataSource)));
            appended.Add(await Measure(writers, seconds, StoreAppend(store, writers, tenants)));
            Console.WriteLine($"  round {round}: raw {raw[^1],8:F0} inserts/s   store {appended[^1],8:F0} appends/s   ratio {appended[^1] / raw[^1]:F2}");
        }
        var (rawMedian, storeMedian) = (Median(raw), Median(appended));
        Console.WriteLine($"raw INSERT (median):   {rawMedian:F0} rows/s");
        Console.WriteLine($"store append (median): {storeMedian:F0} events/s");
        Console.WriteLine($"ratio store/raw:       {storeMedian / rawMedian:F2}  (goal >= 0.60)");
        return 0;
    }

    private static Func<int, Task> StoreAppend(EventStore.EventStore store, int writers, int tenants)
    {
        // Each writer owns one stream and knows its version, as a recorder editing one KPI would.
        var versions = new long[writers];
        var run = Guid.NewGuid().ToString("N")[..6];
        return async writer =>
        {
            var tenant = $"bench-{writer % tenants}";
            var stream = $"plan/bench/kpi/{run}-{writer}";
            var expected = ExpectedVersion.Exactly(versions[writer]);
            var result = await store.AppendAsync(tenant, new StreamAppend(stream, "kpi", expected, [EventToAppend.Create("KpiMeasured", Payload, Metadata)]));
            versions[writer] = result.VersionOf(stream);
        };
    }

    private static async Task RawInsert(NpgsqlDataSource dataSource)
    {
        await using var command = dataSource.CreateCommand("INSERT INTO bench_raw (data) VALUES ($1::jsonb)");
        command.Parameters.Add(new() { Value = Payload });
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<double> Measure(int writers, int seconds, Func<int, Task> operation)
    {
        long done = 0;
        var clock = Stopwatch.StartNew();
        var until = TimeSpan.FromSeconds(seconds);
        await Task.WhenAll(Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
        {
            while (clock.Elapsed < until)
            {
                await operation(w);
                Interlocked.Increment(ref done);
            }
        })));
        return done / clock.Elapsed.TotalSeconds;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }

    internal static int Option(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], System.Globalization.CultureInfo.InvariantCulture) : fallback;
    }
}
