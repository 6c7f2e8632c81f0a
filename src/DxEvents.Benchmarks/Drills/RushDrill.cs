using System.Globalization;
using DxEvents.Benchmarks.Http;

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
        var municipalities = Stats.Option(args, "--municipalities", 24);
        var clients = Stats.Option(args, "--clients", 32);
        var seconds = Stats.Option(args, "--seconds", 20);
        var perClient = Stats.Option(args, "--requests", 1000);
        var settle = TimeSpan.FromSeconds(Stats.Option(args, "--settle", 90));

        await using var run = await ServiceUnderTest.StartAsync(Enumerable.Range(1, municipalities).Select(m => $"rush-{m:00}"), 1);
        var workload = new FigureWorkload(run.Slots, clients, "rush");
        var recorders = new Recorders(run, workload);
        var chain = new SealingWatch(run.Db);
        Console.WriteLine($"rush drill: {municipalities} municipalities × {run.Slots.Count / municipalities} KPIs, {clients} recorders for {seconds} s "
            + $"(at most {perClient} commands each), service {run.Service.BaseAddress} (Production), database {run.Db.Name}");

        var from = await chain.WaitSealedAsync();
        var stats = await recorders.RunAsync(clients, TimeSpan.FromSeconds(seconds), perClient, resendFor: TimeSpan.FromSeconds(30));
        var outcome = await DrillChecks.ChainAsync(run, settle);
        var lag = await chain.LagAsync([(from, await chain.WaitSealedAsync(TimeSpan.FromSeconds(1)))]);
        var once = await DrillChecks.ExactlyOnceAsync(run.Db, recorders.Sent, "rush");
        var (p50, p99, max) = stats.Latency();
        var (figures, corrections) = workload.Sent();
        Console.WriteLine($"  {stats.Completed} commands ({figures} figures, {corrections} corrections) in {stats.Elapsed.TotalSeconds:F1} s; answers {stats.StatusSummary()}; max {max:F0} ms");
        Console.WriteLine($"  {once}");
        Console.WriteLine($"  {outcome}");
        Console.WriteLine($"  sealing lag p50 {lag.P50:F3} s, p99 {lag.P99:F3} s, max {lag.Max:F3} s over {lag.Count} events");
        var kept = stats.Errors == 0 && once.Kept && outcome.Verifies;
        return DrillChecks.Finish(run, "rush", kept, string.Create(CultureInfo.InvariantCulture,
            $"{stats.Rate:F0} requests/s, p50 {p50:F1} ms, p99 {p99:F1} ms, errors {stats.Errors} (non-2xx/4xx answers), 4xx {stats.Count(s => s is >= 400 and < 500)}, "
            + $"sealing lag p99 {lag.P99:F3} s; lost {once.Lost}, doubled {once.Doubled}; {outcome}"));
    }
}
