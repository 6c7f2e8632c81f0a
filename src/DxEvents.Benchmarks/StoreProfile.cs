using System.Diagnostics;
using Marten;

namespace DxEvents.Benchmarks;

/// <summary>
/// Where an append's time goes, for the product's configuration and each candidate: the median time of each phase
/// under the benchmark's concurrency, and the statements one append sends (Npgsql's own trace), one writer alone.
/// </summary>
internal static class StoreProfile
{
    public static async Task RunAsync(BenchDatabase db, StoreWorkload workload, Dictionary<string, IDocumentStore> stores, int writers, IDocumentStore peer)
    {
        Console.WriteLine();
        Console.WriteLine($"where an append's time goes (median ms per append, {writers} writers, 3 s each, daemon stopped):");
        var phase = 0;
        foreach (var (name, store) in stores)
        {
            foreach (var layout in new Func<string, Layout>[] { p => Layout.OneMunicipality(p, writers), Layout.EightMunicipalities })
            {
                var l = layout($"p{phase++}");
                await workload.PrepareAsync(l, writers, 800 / writers);
                var phases = new AppendPhases();
                var rate = await StoreBenchmark.MeasureAsync(writers, TimeSpan.FromSeconds(3), workload.MartenAppend(store, l, phases));
                var (fetch, decide, save) = phases.Medians();
                Console.WriteLine($"  [{name}] {l.Name,-17} {rate,6:F0} events/s   session + FetchForWriting {fetch,6:F2}   Decide + append {decide,5:F2}   SaveChangesAsync {save,6:F2}");
            }
        }

        Console.WriteLine();
        Console.WriteLine("statements per append (one writer alone, 100 appends after 50 to warm up):");
        var appends = stores.Select(s => (s.Key, (Func<Layout, Func<int, long, Task>>)(l => workload.MartenAppend(s.Value, l)), true))
            .Append(("bare peer", l => StoreWorkload.PeerAppend(peer, l), false));
        foreach (var (name, appendTo, imports) in appends)
        {
            var l = Layout.EightMunicipalities($"q{phase++}");
            if (imports)
                await workload.PrepareAsync(l, 1, 150);
            var append = appendTo(l);
            for (var n = 0; n < 50; n++)
                await append(0, n);
            using var trace = new StatementTrace();
            var clock = Stopwatch.StartNew();
            for (var n = 50; n < 150; n++)
                await append(0, n);
            var perAppend = clock.Elapsed.TotalMilliseconds / 100;
            Console.WriteLine($"  [{name}] {trace.Count / 100.0:F1} statements per append, {perAppend:F2} ms per append alone");
            trace.Print(100, "append");
            // The HTTP command also looks its key and its Idempotency-Key up, which this benchmark does not send: only an
            // append already over the limit decides the goal here.
            if (name == "product")
                Console.WriteLine($"  goal statements per command <= 4, key look-up included: the append alone sends {trace.Count / 100.0:F1}  "
                    + (trace.Count > 400 ? Stats.Met(false) : "not decided here (the key's and the idempotency look-ups come on top)"));
        }
    }
}
