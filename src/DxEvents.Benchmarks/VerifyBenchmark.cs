using System.Buffers;
using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using DxEvents.Api.Integrity;
using DxEvents.Integrity;
using Npgsql;

namespace DxEvents.Benchmarks;

/// <summary>
/// Verification speed of one municipality's chain, in events per second: from a bundle file (BundleFile.VerifyAsync, what
/// the CLI does offline) and from the database (ChainReads.VerifyAsync, GET /audit/verify), against SHA-256 alone over
/// the very bytes the chain hashes, measured in the same run. Then each step on its own, per event, to show what the
/// gap is made of: PostgreSQL producing the rows, hashing them from their bytes, and each half alone.
/// </summary>
internal static class VerifyBenchmark
{
    private const string Tenant = "bench-verify";

    public static async Task<int> RunAsync(string[] args)
    {
        var target = Stats.Option(args, "--events", 50_000);
        var rounds = Stats.Option(args, "--rounds", 3);
        const int kpis = 50;

        await using var db = await BenchDatabase.CreateAsync();
        var store = await db.OpenStoreAsync();
        var events = await BenchHistory.LoadAsync(db, [Tenant], kpis, (target + kpis - 1) / kpis);
        var clock = Stopwatch.StartNew();
        var daemonStore = await db.OpenStoreAsync(daemon: true);
        using (var daemon = await daemonStore.BuildProjectionDaemonAsync())
        {
            await daemon.StartAllAsync();
            await new SealingWatch(db).WaitSealedAsync();
            await daemon.StopAllAsync();
        }
        var sealing = clock.Elapsed;
        var chain = new ChainReads(store);
        var records = await chain.ReadChainAsync(Tenant, long.MaxValue).ToListAsync();
        var bundle = await ExportAsync(chain, records);
        var encoded = Encoded(records);
        var rows = await StoredAsync(db);
        Console.WriteLine($"verify benchmark: {events} events in one municipality ({kpis} KPI streams), sealed by the daemon from a cold start in "
            + $"{sealing.TotalSeconds:F1} s ({events / sealing.TotalSeconds:F0} events/s); bundle {new FileInfo(bundle).Length / 1048576.0:F1} MB, "
            + $"{encoded.Sum(b => (long)b.Length) / 1048576.0:F1} MB hashed; {rounds} rounds, {Environment.ProcessorCount} cores, database {db.Name}");

        var lines = await File.ReadAllLinesAsync(bundle);
        var steps = new (string Name, Func<Task<long>> Run)[]
        {
            ("raw SHA-256 of the encoded events (floor)", () => Task.FromResult(encoded.LongCount(b => SHA256.HashData(b).Length > 0))),
            ("bundle file verification", async () => Verified((await new BundleFile(bundle).VerifyAsync()).Verification)),
            ("database verification", async () => Verified((await chain.VerifyAsync(Tenant)).Verification)),
            ("  step: read the bundle's lines", () => ReadLinesAsync(bundle)),
            ("  step: parse a line into its record (Bundle.ParseEvent)", () => Task.FromResult(lines.Skip(1).LongCount(l => Bundle.ParseEvent(l) is not null))),
            ("  step: the walk's query, rows read, none hashed", () => QueryAsync(db, hash: false)),
            ("  step: the walk's query, each row hashed (ChainRows.Cursor)", () => QueryAsync(db, hash: true)),
            ("  step: hash stored bytes in memory (ChainHasher)", () => Task.FromResult(HashedBytes(rows))),
            ("  step: encode and hash records (ChainEncoding.Hash)", () => Task.FromResult(Hashed(records))),
        };
        var rates = steps.ToDictionary(s => s.Name, _ => new List<double>());
        for (var round = 0; round <= rounds; round++)
        {
            foreach (var (name, run) in steps)
            {
                var timer = Stopwatch.StartNew();
                var seen = await run();
                if (seen != events)
                    throw new InvalidOperationException($"{name}: {seen} events, not {events}.");
                if (round > 0)
                    rates[name].Add(events / timer.Elapsed.TotalSeconds);
            }
            if (round > 0)
                Console.WriteLine($"  round {round}: " + string.Join("   ", steps.Take(3).Select(s => $"{s.Name.Split(' ')[0]} {rates[s.Name][^1]:F0}/s")));
        }
        File.Delete(bundle);

        var raw = Stats.Median(rates[steps[0].Name]);
        Console.WriteLine();
        foreach (var (name, _) in steps)
        {
            var rate = Stats.Median(rates[name]);
            Console.WriteLine($"{name,-58} {rate,10:F0} events/s  {1e6 / rate,7:F2} µs/event  {rate / raw,5:F2}× raw");
        }
        var (file, database) = (Stats.Median(rates[steps[1].Name]), Stats.Median(rates[steps[2].Name]));
        Console.WriteLine($"goal bundle verification >= 0.5x raw SHA-256:   {file / raw:F2}x  {Stats.Met(file >= 0.5 * raw)}");
        Console.WriteLine($"goal database verification >= 0.5x raw SHA-256: {database / raw:F2}x  {Stats.Met(database >= 0.5 * raw)}");
        return 0;
    }

    private static long Verified(ChainVerification verification) =>
        verification.Ok ? verification.Count : throw new InvalidOperationException($"The chain did not verify: {verification.Break?.Detail}");

    private static long Hashed(List<ChainRecord> records)
    {
        var previous = ChainEncoding.Genesis.ToArray();
        foreach (var r in records)
        {
            previous = ChainEncoding.Hash(previous, Tenant, r.Position!.Value, r);
            if (!previous.AsSpan().SequenceEqual(r.Hash))
                throw new InvalidOperationException($"Position {r.Position} does not hash to its link.");
        }
        return records.Count;
    }

    /// <summary>Exactly the bytes each hash covers, prepared beforehand so that the floor is SHA-256 and nothing else.</summary>
    public static List<byte[]> Encoded(List<ChainRecord> records, string tenant = Tenant)
    {
        var previous = ChainEncoding.Genesis.ToArray();
        var bytes = new List<byte[]>(records.Count);
        foreach (var r in records)
        {
            bytes.Add(Encoding.UTF8.GetBytes(ChainEncoding.Encode(previous, tenant, r.Position!.Value, r)));
            previous = r.Hash!;
        }
        return bytes;
    }

    /// <summary>The bundle GET /audit/export writes.</summary>
    private static async Task<string> ExportAsync(ChainReads chain, List<ChainRecord> records)
    {
        var head = await chain.GetHeadAsync(Tenant);
        var path = Path.Combine(Path.GetTempPath(), $"dxevents-bench-{Guid.NewGuid():N}.jsonl");
        var buffer = new ArrayBufferWriter<byte>();
        Bundle.WriteManifest(buffer, new BundleManifest(Bundle.Format, ChainEncoding.Tag, Tenant, head.Position, head, DateTimeOffset.UtcNow, null));
        foreach (var record in records)
            Bundle.WriteEvent(buffer, record);
        await File.WriteAllBytesAsync(path, buffer.WrittenMemory.ToArray());
        return path;
    }

    private static async Task<long> ReadLinesAsync(string path)
    {
        using var reader = new StreamReader(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan),
            new UTF8Encoding(false, true));
        long lines = -1;
        while (await reader.ReadLineAsync() is not null)
            lines++;
        return lines;
    }

    /// <summary>The snapshot query ChainReads.VerifyAsync walks (as the daemon's role, which sees every row), read row by
    /// row: with <paramref name="hash"/>, each row checked against its link from its bytes, as the walk's common case.</summary>
    private static async Task<long> QueryAsync(BenchDatabase db, bool hash)
    {
        await using var connection = new NpgsqlConnection(db.DaemonConnectionString);
        await connection.OpenAsync();
        await using var tx = await connection.BeginTransactionAsync();
        await using var batch = ChainReads.SnapshotCommand(connection, Tenant, "$2", long.MaxValue, 0);
        batch.Transaction = tx;
        batch.Timeout = 600;
        await using var reader = await batch.ExecuteReaderAsync();
        await reader.NextResultAsync();
        var cursor = new ChainRows.Cursor(reader, Tenant);
        var previous = ChainEncoding.Genesis.ToArray();
        long rows = 0;
        while (await cursor.ReadAsync(default))
        {
            rows++;
            if (!hash)
                continue;
            if (!cursor.Fits(previous, rows))
                throw new InvalidOperationException($"Position {rows} does not hash to its link.");
            cursor.Hash.CopyTo(previous);
        }
        return rows;
    }

    /// <summary>A row's bytes as the database holds them: stream id, type, data and metadata as jsonb prints them.</summary>
    private sealed record StoredRow(ChainRecord Record, byte[] Stream, byte[] Type, byte[] Data, byte[] Metadata);

    private static long HashedBytes(List<StoredRow> rows)
    {
        var hasher = new ChainHasher(Tenant);
        var previous = ChainEncoding.Genesis.ToArray();
        foreach (var row in rows)
        {
            var r = row.Record;
            hasher.Start(previous, r.Position!.Value, r.Sequence, row.Stream, r.Version, r.EventId, row.Type, r.RecordedAt);
            hasher.Data(row.Data);
            hasher.Metadata(row.Metadata);
            hasher.Hash(previous);
            if (!previous.AsSpan().SequenceEqual(r.Hash))
                throw new InvalidOperationException($"Position {r.Position} does not hash to its link.");
        }
        return rows.Count;
    }

    private static async Task<List<StoredRow>> StoredAsync(BenchDatabase db)
    {
        await using var connection = new NpgsqlConnection(db.DaemonConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"""
            select {ChainRows.Columns}, {ChainRows.Metadata}
            from dxevents.dx_chain c join dxevents.mt_events e on e.seq_id = c.seq_id where c.tenant_id = '{Tenant}' order by c.position
            """, connection) { CommandTimeout = 600 };
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<StoredRow>();
        while (await reader.ReadAsync())
            rows.Add(new(ChainRows.Read(reader), Encoding.UTF8.GetBytes(reader.GetString(2)), Encoding.UTF8.GetBytes(reader.GetString(5)),
                Encoding.UTF8.GetBytes(reader.GetString(7)), Encoding.UTF8.GetBytes(reader.GetString(reader.FieldCount - 1))));
        return rows;
    }
}
