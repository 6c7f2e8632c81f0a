using System.Globalization;
using DxEvents.Benchmarks.Http;

namespace DxEvents.Benchmarks.Drills;

/// <summary>
/// Issue 11, drill 4: far more concurrent recorders than the service has database connections (256 against a pool of 8
/// by default), for a bounded time. Promises: no 500 and no crash; every request either succeeds or is answered 503 with
/// Retry-After (which the recorders honour before resending); the service's memory stays bounded. Figures: status
/// counts, peak memory; the history still holds every acknowledged figure exactly once.
/// </summary>
internal static class OverloadDrill
{
    public static async Task<int> RunAsync(string[] args)
    {
        var clients = Stats.Option(args, "--clients", 256);
        var pool = Stats.Option(args, "--pool", 8);
        var poolTimeout = Stats.Option(args, "--pool-timeout", 2);
        var seconds = Stats.Option(args, "--seconds", 10);
        var perClient = Stats.Option(args, "--requests", 100);
        var memoryLimit = Stats.Option(args, "--max-memory-mb", 1024);
        var settle = TimeSpan.FromSeconds(Stats.Option(args, "--settle", 90));

        // The deployment's settings, not the product's code: the pool size, and how long a request waits for a connection.
        // Npgsql's default wait (15 s) outlasts this drill's queue (256 clients drain in 1–3 s): 2 s makes the wait run out.
        await using var run = await ServiceUnderTest.StartAsync(["over-a", "over-b", "over-c", "over-d"], (clients + 55) / 56,
            connection => (connection.MaxPoolSize, connection.Timeout) = (pool, poolTimeout), clientTimeout: TimeSpan.FromSeconds(120));
        var recorders = new Recorders(run, new FigureWorkload(run.Slots, clients, "over"));
        Console.WriteLine($"overload drill: {clients} recorders for {seconds} s (at most {perClient} commands each) against a service whose pool holds {pool} "
            + $"connections (Timeout {poolTimeout} s); service {run.Service.BaseAddress} (Production, pid {run.Service.Id}), database {run.Db.Name}");

        using var sampling = new CancellationTokenSource();
        var samples = Task.Run(async () =>
        {
            var peak = 0.0;
            while (!sampling.IsCancellationRequested)
            {
                peak = Math.Max(peak, run.Service.MemoryMegabytes() is var m && double.IsNaN(m) ? 0 : m);
                await Task.Delay(100);
            }
            return peak;
        });
        var startMemory = run.Service.MemoryMegabytes();
        var stats = await recorders.RunAsync(clients, TimeSpan.FromSeconds(seconds), perClient, resendFor: TimeSpan.FromSeconds(60));
        await sampling.CancelAsync();
        var peakDuringLoad = await samples;
        var peak = run.Service.PeakMemoryMegabytes();
        var alive = run.Service.IsRunning && run.Service.Starts == 1;
        var (p50, p99, max) = stats.Latency();
        Console.WriteLine($"  {stats.Completed} commands in {stats.Elapsed.TotalSeconds:F1} s; answers {stats.StatusSummary()}; p50 {p50:F0} ms, p99 {p99:F0} ms, max {max:F0} ms");

        var once = await DrillChecks.ExactlyOnceAsync(run.Db, recorders.Sent, "over");
        var chain = await DrillChecks.ChainAsync(run, settle);
        Console.WriteLine($"  {once}");
        Console.WriteLine($"  {chain}");
        var serverErrors = stats.Count(s => s >= 500 && s != 503);
        var noAnswer = stats.Count(s => s == 0);
        var kept = alive && serverErrors == 0 && noAnswer == 0 && stats.UnavailableWithoutRetryAfter == 0 && peak <= memoryLimit && once.Kept && chain.Verifies;
        return DrillChecks.Finish(run, "overload", kept, string.Create(CultureInfo.InvariantCulture,
            $"{clients} clients, pool {pool}: answers {stats.StatusSummary()}; 5xx other than 503: {serverErrors}, 503 without Retry-After: {stats.UnavailableWithoutRetryAfter}, "
            + $"no answer: {noAnswer}; peak memory {peak:F0} MB (at start {startMemory:F0} MB, peak sampled under load {peakDuringLoad:F0} MB, limit {memoryLimit} MB); "
            + $"service {(alive ? "never crashed" : "CRASHED or restarted")}; lost {once.Lost}, doubled {once.Doubled}; {chain}"));
    }
}
