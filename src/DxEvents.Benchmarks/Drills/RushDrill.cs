using DxEvents.Benchmarks.Http;
using static System.FormattableString;

namespace DxEvents.Benchmarks.Drills;

/// <summary>
/// Issue 11, drill 3: quarter-end entry — many municipalities (24 by default) record every KPI's figures at once, 32
/// recorders, for a bounded time. Figures: requests/s, p50, p99, errors (answers that are neither 2xx nor 4xx: goal 0)
/// and the chain's sealing lag; the history keeps every acknowledged figure exactly once and every chain verifies.
/// </summary>
internal static class RushDrill
{
    public static async Task<int> RunAsync(string[] args)
    {
        var bounds = LoadBounds.Parse(args, clients: 32, seconds: 20, requests: 1000);
        var municipalities = Stats.Option(args, "--municipalities", 24);

        await using var run = await ServiceUnderTest.StartAsync(Enumerable.Range(1, municipalities).Select(m => $"rush-{m:00}"), 1);
        var workload = new FigureWorkload(run.Slots, bounds.Clients, "rush");
        var recorders = new Recorders(run, workload);
        var sealing = new SealingWatch(run.Db);
        Console.WriteLine($"rush drill: {municipalities} municipalities × {run.Slots.Count / municipalities} KPIs, {bounds}; {run}");

        var from = await sealing.WaitSealedAsync();
        var stats = await recorders.RunAsync(bounds, resendFor: TimeSpan.FromSeconds(30));
        var (once, chain) = await DrillChecks.CheckAsync(run, recorders, stats, bounds.Settle);
        var to = await sealing.WaitSealedAsync(TimeSpan.FromSeconds(1));
        var lag = await sealing.LagAsync([(from, to)]);
        Console.WriteLine($"  sealing: {await sealing.LagCausesAsync(from, to)}");
        var (figures, corrections) = workload.Sent();
        var (p50, p99, _) = stats.Latency();
        Console.WriteLine(Invariant($"  {figures} figures, {corrections} corrections; sealing lag p50 {lag.P50:F3} s, p99 {lag.P99:F3} s, max {lag.Max:F3} s over {lag.Count} events"));
        return DrillChecks.Finish(run, "rush", stats.Errors == 0 && once.Kept && chain.Verifies,
            Invariant($"{stats.Rate:F0} requests/s, p50 {p50:F1} ms, p99 {p99:F1} ms, errors {stats.Errors} (non-2xx/4xx answers), ")
            + Invariant($"4xx {stats.Count(s => s is >= 400 and < 500)}, sealing lag p99 {lag.P99:F3} s; lost {once.Lost}, doubled {once.Doubled}; {chain}"));
    }
}
