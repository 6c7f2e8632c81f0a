using System.Buffers;
using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using DxEvents.EventStore;
using DxEvents.EventStore.Chain;

namespace DxEvents.Benchmarks;

/// <summary>
/// Verification speed of one municipality's chain, in events per second: from a bundle file (what the CLI does offline)
/// and from the database (GET /audit/verify), against SHA-256 alone over the very bytes the chain hashes, measured in the
/// same run. The gap is the price of reading, parsing and canonicalizing; the raw rate is the ceiling.
/// </summary>
internal static class VerifyBenchmark
{
    private const string Metadata = """{"actor":"美馬市 DX推進室 田中","reason":null,"correlationId":"bench","causationId":null,"warnings":null}""";

    public static async Task<int> RunAsync(string[] args)
    {
        var events = StoreBenchmark.Option(args, "--events", 50_000);
        var rounds = StoreBenchmark.Option(args, "--rounds", 3);
        await using var db = await BenchDatabase.CreateAsync(StoreSchema.Migrations);
        var store = new EventStore.EventStore(db.DataSource);
        const string tenant = "bench-verify";
        Console.WriteLine($"verify benchmark: {events} events in one municipality, {rounds} rounds, database {db.Name}");

        await FillAsync(store, tenant, events);
        var bundle = await ExportAsync(store, tenant);
        var bytes = await EncodedAsync(store, tenant);
        Console.WriteLine($"  bundle {new FileInfo(bundle).Length / 1024.0 / 1024.0:F1} MB, {bytes.Sum(b => (long)b.Length) / 1024.0 / 1024.0:F1} MB hashed");

        var (file, database, raw) = (new List<double>(), new List<double>(), new List<double>());
        for (var round = 1; round <= rounds; round++)
        {
            raw.Add(await Rate(events, () =>
            {
                foreach (var b in bytes)
                    SHA256.HashData(b);
                return Task.FromResult(true);
            }));
            file.Add(await Rate(events, async () => (await new BundleFile(bundle).VerifyAsync()).Verification.Ok));
            database.Add(await Rate(events, async () => (await store.VerifyChainAsync(tenant)).Ok));
            Console.WriteLine($"  round {round}: raw SHA-256 {raw[^1],10:F0}/s   bundle {file[^1],9:F0}/s   database {database[^1],9:F0}/s");
        }
        File.Delete(bundle);
        var (r, f, d) = (Median(raw), Median(file), Median(database));
        Console.WriteLine($"raw SHA-256 of the encoded events (median): {r:F0} events/s");
        Console.WriteLine($"bundle file verification (median):          {f:F0} events/s  ({f / r:P1} of raw)");
        Console.WriteLine($"database verification (median):             {d:F0} events/s  ({d / r:P1} of raw)");
        return 0;
    }

    /// <summary>Appends in batches of 200 events over 50 streams, the payload of the store benchmark with varying figures.</summary>
    private static async Task FillAsync(EventStore.EventStore store, string tenant, int events)
    {
        var versions = new long[50];
        for (var done = 0; done < events;)
        {
            var batch = Math.Min(200, events - done);
            var streams = Enumerable.Range(0, 50).Select(s => (s, Events: Enumerable.Range(done, batch).Where(i => i % 50 == s)
                .Select(i => EventToAppend.Create("KpiMeasured", $$"""{"planId":"mima-dx","kpiId":"k{{i % 14:00}}","fiscalYear":2025,"quarter":{{1 + i % 4}},"value":{{i}},"note":"窓口受付件数を集計"}""", Metadata))
                .ToList())).Where(x => x.Events.Count > 0).ToList();
            var result = await store.AppendAsync(tenant, [.. streams.Select(x => new StreamAppend($"plan/bench/kpi/k{x.s}", "kpi", ExpectedVersion.Exactly(versions[x.s]), x.Events))]);
            foreach (var (s, _) in streams)
                versions[s] = result.VersionOf($"plan/bench/kpi/k{s}");
            done += batch;
        }
    }

    private static async Task<string> ExportAsync(EventStore.EventStore store, string tenant)
    {
        var head = await store.GetChainHeadAsync(tenant);
        var path = Path.Combine(Path.GetTempPath(), $"dxevents-bench-{Guid.NewGuid():N}.jsonl");
        await using var file = File.Create(path);
        var buffer = new ArrayBufferWriter<byte>();
        Bundle.WriteManifest(buffer, new BundleManifest(Bundle.Format, ChainEncoding.Tag, tenant, head.Position, head, DateTimeOffset.UtcNow, null));
        await foreach (var record in store.ReadChainAsync(tenant, head.Position))
        {
            Bundle.WriteEvent(buffer, record);
            if (buffer.WrittenCount > 1 << 16)
            {
                await file.WriteAsync(buffer.WrittenMemory);
                buffer.ResetWrittenCount();
            }
        }
        await file.WriteAsync(buffer.WrittenMemory);
        return path;
    }

    /// <summary>Exactly the bytes each hash covers, prepared beforehand so that the raw rate is SHA-256 and nothing else.</summary>
    private static async Task<List<byte[]>> EncodedAsync(EventStore.EventStore store, string tenant)
    {
        var bytes = new List<byte[]>();
        var previous = ChainEncoding.Genesis.ToArray();
        await foreach (var record in store.ReadChainAsync(tenant, long.MaxValue))
        {
            bytes.Add(Encoding.UTF8.GetBytes(ChainEncoding.Encode(previous, tenant, record.Position!.Value, record)));
            previous = record.Hash!;
        }
        return bytes;
    }

    private static async Task<double> Rate(int events, Func<Task<bool>> verify)
    {
        var clock = Stopwatch.StartNew();
        if (!await verify())
            throw new InvalidOperationException("The chain did not verify.");
        return events / clock.Elapsed.TotalSeconds;
    }

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);
}
