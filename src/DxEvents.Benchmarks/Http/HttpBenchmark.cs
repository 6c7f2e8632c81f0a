namespace DxEvents.Benchmarks.Http;

/// <summary>
/// A recorded figure end to end: the real service as its own process (Release, Production, Kestrel on loopback), real
/// API keys, 16 concurrent HTTP clients recording quarterly figures and then corrections, each request with a fresh
/// Idempotency-Key, in rounds bounded in time and in count. Two references, measured in the same run in alternating
/// rounds with as many clients: the floor, the store benchmark's raw optimistic append (one statement: move the stream's
/// version if it is the expected one, insert the event) on the same database; and the bare Critter Stack peer
/// (<see cref="PeerRun"/>), the same append through a minimal Wolverine endpoint and Marten's aggregate workflow, in a
/// process and on a database of its own, with the same HTTP clients and bodies. Also the cold start: from starting the
/// service's process to the answer of its first command.
/// </summary>
internal static class HttpBenchmark
{
    private const string Floor = "raw optimistic append (floor)";
    private const string Peer = "bare Critter Stack (peer)";
    private const string Http = "DxEvents POST figure/correction";

    public static async Task<int> RunAsync(string[] args)
    {
        // Per round: at most --seconds and --requests per client.
        var (clients, roundLength, perRound, _) = LoadBounds.Parse(args, clients: 16, seconds: 5, requests: 2000);
        var rounds = Stats.Option(args, "--rounds", 3);
        var tenantCount = Stats.Option(args, "--municipalities", 4);
        var plansEach = Stats.Option(args, "--plans", 2);

        await using var run = await ServiceUnderTest.StartAsync(Enumerable.Range(0, tenantCount).Select(m => $"bench-m{m}"), plansEach);
        var (db, service, api) = (run.Db, run.Service, run.Api);
        await using var peer = await PeerRun.StartAsync(run.Slots.Count, clients);
        await db.ExecuteAsync(StoreWorkload.RawTables);
        var workload = new FigureWorkload(run.Slots, clients, "bench");
        var payload = StoreWorkload.Payload(run.Store, 0);
        var chain = new SealingWatch(db);
        Console.WriteLine($"http benchmark: {clients} clients, {rounds} rounds of at most {roundLength.TotalSeconds:F0} s and {perRound} requests per client, "
            + $"{tenantCount} municipalities × {plansEach} plans × 14 KPIs, {Environment.ProcessorCount} cores (shared by clients, services and "
            + $"PostgreSQL), service {service.BaseAddress} (Production), database {db.Name}; bare peer {peer.Service.BaseAddress} (Production), database {peer.Db.Name}");

        string[] names = [Floor, Peer, Http];
        var measured = names.ToDictionary(n => n, _ => new LoadStats());
        var rates = names.ToDictionary(n => n, _ => new List<double>());
        var cpu = new Dictionary<string, List<double>> { [Peer] = [], [Http] = [], ["clients"] = [] };
        var httpRanges = new List<(long From, long To)>();
        for (var round = 0; round <= rounds; round++)
        {
            // Round 0 warms up every side (JIT, pools, plans) and is not counted.
            var duration = round == 0 ? TimeSpan.FromSeconds(2) : roundLength;
            var floor = await Load.RunAsync(clients, duration, perRound,
                Load.Timed(await StoreWorkload.RawOptimisticAsync(db.DataSource, $"http-r{round}", clients, payload)));

            var peerCpu = peer.Service.CpuTime();
            var bare = await Load.RunAsync(clients, duration, perRound, async (client, stats) => stats.Record(await peer.RecordAsync(client)));
            peerCpu = peer.Service.CpuTime() - peerCpu;

            var from = await chain.WaitSealedAsync();
            var (serviceCpu, clientCpu) = (service.CpuTime(), Environment.CpuUsage.TotalTime);
            var http = await Load.RunAsync(clients, duration, perRound, async (client, stats) =>
            {
                var command = workload.Next(client);
                stats.Record(await api.PostAsync(run.RecorderKey(command), command));
            });
            (serviceCpu, clientCpu) = (service.CpuTime() - serviceCpu, Environment.CpuUsage.TotalTime - clientCpu);
            var to = await chain.WaitSealedAsync();
            if (round == 0)
                continue;
            cpu[Http].Add(serviceCpu.TotalMilliseconds / http.Completed);
            cpu[Peer].Add(peerCpu.TotalMilliseconds / bare.Completed);
            cpu["clients"].Add(clientCpu.TotalMilliseconds / http.Completed);
            httpRanges.Add((from, to));
            foreach (var (name, stats) in new[] { (Floor, floor), (Peer, bare), (Http, http) })
            {
                measured[name].Add(stats);
                rates[name].Add(stats.Rate);
                var (p50, p99, _) = stats.Latency();
                Console.WriteLine($"  round {round}  {name,-32} {stats.Rate,8:F0} /s   p50 {p50,7:F2} ms   p99 {p99,7:F2} ms   {stats.Completed} done");
            }
        }
        var lag = await chain.LagAsync(httpRanges);
        var peerEvents = await peer.CheckEventsAsync();
        await service.StopAsync();
        service.KeepLog = measured[Http].NotSuccess > 0;
        var medianCpu = cpu.ToDictionary(c => c.Key, c => Stats.Median(c.Value));
        return Report(measured, rates, medianCpu, run.ColdStart, peer.ColdStart, workload, peerEvents, lag, clients);
    }

    private static int Report(Dictionary<string, LoadStats> measured, Dictionary<string, List<double>> rates, Dictionary<string, double> cpu,
        TimeSpan coldStart, TimeSpan peerColdStart, FigureWorkload workload, long peerEvents, SealingLag lag, int clients)
    {
        var rate = rates.ToDictionary(r => r.Key, r => Stats.Median(r.Value));
        var http = measured[Http];
        var (p50, p99, max) = http.Latency();
        var (figures, corrections) = workload.Sent();
        Console.WriteLine();
        Console.WriteLine($"medians of the rounds ({Environment.ProcessorCount} cores; CPU: the service process's CPU time per request):");
        Console.WriteLine($"  {"",-32} {"per s",8} {"p50 ms",8} {"p99 ms",8} {"CPU ms",7} {"× floor",8} {"× peer",7}");
        foreach (var name in new[] { Floor, Peer, Http })
        {
            var (q50, q99, _) = measured[name].Latency();
            var perRequest = cpu.TryGetValue(name, out var ms) ? $"{ms,7:F2}" : $"{"",7}";
            Console.WriteLine($"  {name,-32} {rate[name],8:F0} {q50,8:F2} {q99,8:F2} {perRequest} {rate[name] / rate[Floor],8:F2} {rate[name] / rate[Peer],7:F2}");
        }
        Console.WriteLine($"DxEvents: max {max:F0} ms; {figures} figures and {corrections} corrections sent in all (warm-up included); answers {http.StatusSummary()}");
        Console.WriteLine($"peer: every answer a success, {peerEvents} figures acknowledged and {peerEvents} held by its event store (warm-up included); "
            + $"CPU per request {cpu[Peer]:F2} ms against DxEvents' {cpu[Http]:F2} ms ({cpu[Http] / cpu[Peer]:F1}×)");
        Console.WriteLine($"CPU per request of this process (clients, DxEvents rounds) {cpu["clients"]:F2} ms; {Environment.ProcessorCount} cores allow "
            + $"{Environment.ProcessorCount * 1000 / rate[Http]:F2} ms per request at DxEvents' rate");
        Console.WriteLine($"chain sealing lag of the measured rounds: p50 {lag.P50:F3} s, p99 {lag.P99:F3} s over {lag.Count} events");
        Console.WriteLine($"cold start (Production, process start to its first answered command): DxEvents {coldStart.TotalSeconds:F2} s (a plan import), "
            + $"peer {peerColdStart.TotalSeconds:F2} s (a KPI's first event)");
        Console.WriteLine($"goal HTTP recorded figure >= 0.8x the bare peer:   {rate[Http] / rate[Peer]:F2}x  {Stats.Met(rate[Http] >= 0.8 * rate[Peer])}");
        Console.WriteLine($"goal HTTP recorded figure >= 0.3x the raw append: {rate[Http] / rate[Floor]:F2}x  {Stats.Met(rate[Http] >= 0.3 * rate[Floor])}");
        Console.WriteLine($"goal service CPU per command <= 1 ms:             {cpu[Http]:F2} ms  {Stats.Met(cpu[Http] <= 1.0)}");
        Console.WriteLine($"goal p99 <= 5x p50 at {clients} clients:                {p99 / p50:F1}x  {Stats.Met(p99 <= 5 * p50)}");
        Console.WriteLine($"http: {rate[Http]:F0} requests/s, p50 {p50:F2} ms, p99 {p99:F2} ms, {rate[Http] / rate[Floor]:F2}x the floor ({rate[Floor]:F0}/s), "
            + $"{rate[Http] / rate[Peer]:F2}x the peer ({rate[Peer]:F0}/s), CPU {cpu[Http]:F2} ms per request (peer {cpu[Peer]:F2}), cold start {coldStart.TotalSeconds:F2} s, errors {http.NotSuccess}");
        return http.NotSuccess == 0 ? 0 : 1;
    }
}
