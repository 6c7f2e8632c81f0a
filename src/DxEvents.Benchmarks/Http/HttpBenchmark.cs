namespace DxEvents.Benchmarks.Http;

/// <summary>
/// A recorded figure end to end: the real service as its own process (Release, Production, Kestrel on loopback), real
/// API keys, 16 concurrent HTTP clients recording quarterly figures and then corrections, each request with a fresh
/// Idempotency-Key, in rounds bounded in time and in count. The floor, measured in the same run on the same database in
/// alternating rounds, is the store benchmark's raw optimistic append (one statement: move the stream's version if it is
/// the expected one, insert the event) with as many writers as there are clients. Also the cold start: from starting the
/// service's process to the answer of its first command.
/// </summary>
internal static class HttpBenchmark
{
    private const string Floor = "raw optimistic append (floor)";
    private const string Http = "HTTP POST figure/correction";

    public static async Task<int> RunAsync(string[] args)
    {
        // Per round: at most --seconds and --requests per client.
        var (clients, roundLength, perRound, _) = LoadBounds.Parse(args, clients: 16, seconds: 5, requests: 2000);
        var rounds = Stats.Option(args, "--rounds", 3);
        var tenantCount = Stats.Option(args, "--municipalities", 4);
        var plansEach = Stats.Option(args, "--plans", 2);

        await using var run = await ServiceUnderTest.StartAsync(Enumerable.Range(0, tenantCount).Select(m => $"bench-m{m}"), plansEach);
        var (db, service, api) = (run.Db, run.Service, run.Api);
        await db.ExecuteAsync(StoreWorkload.RawTables);
        var workload = new FigureWorkload(run.Slots, clients, "bench");
        var payload = StoreWorkload.Payload(run.Store, 0);
        var chain = new SealingWatch(db);
        Console.WriteLine($"http benchmark: {clients} clients, {rounds} rounds of at most {roundLength.TotalSeconds:F0} s and {perRound} requests per client, "
            + $"{tenantCount} municipalities × {plansEach} plans × 14 KPIs, {Environment.ProcessorCount} cores (shared by clients, service and "
            + $"PostgreSQL), service {service.BaseAddress} (Production), database {db.Name}");

        var measured = new Dictionary<string, LoadStats> { [Floor] = new(), [Http] = new() };
        var rates = new Dictionary<string, List<double>> { [Floor] = [], [Http] = [] };
        var httpRanges = new List<(long From, long To)>();
        var cpu = new List<(double Service, double Clients)>();
        for (var round = 0; round <= rounds; round++)
        {
            // Round 0 warms up both sides (JIT, pools, plans) and is not counted.
            var duration = round == 0 ? TimeSpan.FromSeconds(2) : roundLength;
            var floor = await Load.RunAsync(clients, duration, perRound,
                Load.Timed(await StoreWorkload.RawOptimisticAsync(db.DataSource, $"http-r{round}", clients, payload)));
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
            cpu.Add((serviceCpu.TotalMilliseconds / http.Completed, clientCpu.TotalMilliseconds / http.Completed));
            httpRanges.Add((from, to));
            foreach (var (name, stats) in new[] { (Floor, floor), (Http, http) })
            {
                measured[name].Add(stats);
                rates[name].Add(stats.Rate);
                var (p50, p99, _) = stats.Latency();
                Console.WriteLine($"  round {round}  {name,-30} {stats.Rate,8:F0} /s   p50 {p50,7:F2} ms   p99 {p99,7:F2} ms   {stats.Completed} done");
            }
        }
        var lag = await chain.LagAsync(httpRanges);
        await service.StopAsync();
        service.KeepLog = measured[Http].NotSuccess > 0;
        return Report(measured, rates, run.ColdStart, workload, lag, (Stats.Median(cpu.Select(c => c.Service)), Stats.Median(cpu.Select(c => c.Clients))));
    }

    private static int Report(Dictionary<string, LoadStats> measured, Dictionary<string, List<double>> rates, TimeSpan coldStart, FigureWorkload workload, SealingLag lag,
        (double Service, double Clients) cpu)
    {
        var (floorRate, httpRate) = (Stats.Median(rates[Floor]), Stats.Median(rates[Http]));
        var (floorP50, floorP99, _) = measured[Floor].Latency();
        var http = measured[Http];
        var (p50, p99, max) = http.Latency();
        var (figures, corrections) = workload.Sent();
        Console.WriteLine();
        Console.WriteLine($"floor (raw optimistic append): {floorRate:F0} appends/s (median of the rounds), p50 {floorP50:F2} ms, p99 {floorP99:F2} ms");
        Console.WriteLine($"HTTP: {httpRate:F0} requests/s (median of the rounds), p50 {p50:F2} ms, p99 {p99:F2} ms, max {max:F0} ms; "
            + $"{figures} figures and {corrections} corrections sent in all (warm-up included); answers {http.StatusSummary()}");
        Console.WriteLine($"CPU per request (median of the rounds): service process {cpu.Service:F2} ms, this process (clients) {cpu.Clients:F2} ms; "
            + $"{Environment.ProcessorCount} cores allow {Environment.ProcessorCount * 1000 / httpRate:F2} ms per request at this rate");
        Console.WriteLine($"chain sealing lag of the measured rounds: p50 {lag.P50:F3} s, p99 {lag.P99:F3} s over {lag.Count} events");
        Console.WriteLine($"cold start (Production, process start to its first answered command, a plan import): {coldStart.TotalSeconds:F2} s");
        Console.WriteLine($"goal requests/s >= 0.5x the floor: {httpRate / floorRate:F2}x  {Stats.Met(httpRate >= 0.5 * floorRate)}");
        Console.WriteLine($"goal p99 <= 10x p50:               {p99 / p50:F1}x  {Stats.Met(p99 <= 10 * p50)}");
        Console.WriteLine($"http: {httpRate:F0} requests/s, p50 {p50:F2} ms, p99 {p99:F2} ms, {httpRate / floorRate:F2}x the floor ({floorRate:F0}/s), "
            + $"cold start {coldStart.TotalSeconds:F2} s, errors {http.NotSuccess}");
        return http.NotSuccess == 0 ? 0 : 1;
    }
}
