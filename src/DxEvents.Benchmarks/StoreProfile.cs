using System.Collections.Concurrent;
using System.Diagnostics;
using Marten;

namespace DxEvents.Benchmarks;

/// <summary>
/// Where an append's time goes, for the product's configuration and each candidate: the median time of each phase
/// under the benchmark's concurrency, and the statements one append sends (Npgsql's own trace), one writer alone.
/// </summary>
internal static class StoreProfile
{
    public static async Task RunAsync(StoreWorkload workload, Dictionary<string, IDocumentStore> stores, int writers)
    {
        Console.WriteLine();
        Console.WriteLine($"where an append's time goes (median ms per append, {writers} writers, 3 s each, daemon stopped):");
        foreach (var (name, store) in stores)
        {
            foreach (var layout in new Func<string, Layout>[] { p => Layout.OneMunicipality(p, writers), Layout.EightMunicipalities })
            {
                var l = layout($"p-{name}-{layout("x").Name.Length}");
                await workload.PrepareAsync(l, writers, 800 / writers);
                var phases = new AppendPhases();
                var rate = await StoreBenchmark.MeasureAsync(writers, TimeSpan.FromSeconds(3), workload.MartenAppend(store, l, phases));
                var (fetch, decide, save) = phases.Medians();
                Console.WriteLine($"  [{name}] {l.Name,-17} {rate,6:F0} events/s   session + FetchForWriting {fetch,6:F2}   Decide + append {decide,5:F2}   SaveChangesAsync {save,6:F2}");
            }
        }

        Console.WriteLine();
        Console.WriteLine("statements per append (one writer alone, 100 appends after 50 to warm up):");
        foreach (var (name, store) in stores)
        {
            var l = Layout.EightMunicipalities($"q-{name}");
            await workload.PrepareAsync(l, 1, 150);
            var append = workload.MartenAppend(store, l);
            for (var n = 0; n < 50; n++)
                await append(0, n);
            using var trace = new StatementTrace();
            var clock = Stopwatch.StartNew();
            for (var n = 50; n < 150; n++)
                await append(0, n);
            var perAppend = clock.Elapsed.TotalMilliseconds / 100;
            Console.WriteLine($"  [{name}] {trace.Count / 100.0:F1} statements per append, {perAppend:F2} ms per append alone");
            foreach (var (statement, (count, ms)) in trace.Statements.OrderByDescending(s => s.Value.Ms))
                Console.WriteLine($"      {count / 100.0,4:F1}× {ms / count,6:F2} ms  {statement}");
        }
    }

    /// <summary>Counts the commands Npgsql sends (a batch is one), by their first words.</summary>
    private sealed class StatementTrace : IDisposable
    {
        private readonly ActivityListener _listener;
        private long _count;

        /// <summary>Characters of each statement shown: DXEVENTS_BENCH_SQL_WIDTH, else 110.</summary>
        private static readonly int Width = int.TryParse(Environment.GetEnvironmentVariable("DXEVENTS_BENCH_SQL_WIDTH"), out var w) ? w : 110;

        /// <summary>By statement: how many times, and the milliseconds they took in all.</summary>
        public ConcurrentDictionary<string, (int Count, double Ms)> Statements { get; } = new();
        public long Count => Interlocked.Read(ref _count);

        public StatementTrace()
        {
            _listener = new ActivityListener
            {
                ShouldListenTo = source => source.Name == "Npgsql",
                Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
                ActivityStopped = activity =>
                {
                    Interlocked.Increment(ref _count);
                    var text = (activity.GetTagItem("db.query.text") ?? activity.GetTagItem("db.statement"))?.ToString() ?? activity.DisplayName;
                    var words = string.Join(' ', text.Split((char[])[' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries));
                    var ms = activity.Duration.TotalMilliseconds;
                    Statements.AddOrUpdate(words.Length > Width ? words[..Width] + "…" : words, (1, ms), (_, c) => (c.Count + 1, c.Ms + ms));
                },
            };
            ActivitySource.AddActivityListener(_listener);
        }

        public void Dispose() => _listener.Dispose();
    }
}
