using DxEvents.Benchmarks.Http;
using static System.FormattableString;

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
        var bounds = LoadBounds.Parse(args, clients: 256, seconds: 10, requests: 100);
        var pool = Stats.Option(args, "--pool", 8);
        var poolTimeout = Stats.Option(args, "--pool-timeout", 1);
        var memoryLimit = Stats.Option(args, "--max-memory-mb", 1024);

        // The deployment's settings, not the product's code: the pool size, and how long a request waits for a connection.
        // Npgsql's default wait (15 s) outlasts this drill's queue (256 clients drain in 1–3 s): 1 s makes the wait run out.
        await using var run = await ServiceUnderTest.StartAsync(["over-a", "over-b", "over-c", "over-d"], (bounds.Clients + 55) / 56,
            connection => (connection.MaxPoolSize, connection.Timeout) = (pool, poolTimeout), clientTimeout: TimeSpan.FromSeconds(120));
        var recorders = new Recorders(run, new FigureWorkload(run.Slots, bounds.Clients, "over"));
        Console.WriteLine($"overload drill: {bounds} against a pool of {pool} connections (Timeout {poolTimeout} s); {run}");

        using var sampling = new CancellationTokenSource();
        var sampled = SamplePeakAsync(run.Service, sampling.Token);
        var startMemory = run.Service.MemoryMegabytes();
        var stats = await recorders.RunAsync(bounds, resendFor: TimeSpan.FromSeconds(60));
        await sampling.CancelAsync();
        var (peakUnderLoad, peak) = (await sampled, run.Service.PeakMemoryMegabytes());
        var alive = run.Service.IsRunning && run.Service.Starts == 1;
        var (once, chain) = await DrillChecks.CheckAsync(run, recorders, stats, bounds.Settle);
        var serverErrors = stats.Count(s => s >= 500 && s != 503);
        var noAnswer = stats.Count(s => s == 0);
        // The drill is about the exhausted pool's answer: without a single 503 the pool never ran out and nothing was shown.
        var unavailable = stats.Count(s => s == 503);
        var kept = unavailable > 0 && alive && serverErrors == 0 && noAnswer == 0 && stats.UnavailableWithoutRetryAfter == 0 && peak <= memoryLimit && once.Kept && chain.Verifies;
        return DrillChecks.Finish(run, "overload", kept,
            Invariant($"{bounds.Clients} clients, pool {pool}: answers {stats.StatusSummary()}; ")
            + (unavailable > 0 ? "" : "NO 503: the pool was never exhausted (more --clients or a smaller --pool); ")
            + Invariant($"5xx other than 503: {serverErrors}, ")
            + Invariant($"503 without Retry-After: {stats.UnavailableWithoutRetryAfter}, no answer: {noAnswer}; peak memory {peak:F0} MB (at start {startMemory:F0} MB, ")
            + Invariant($"sampled under load {peakUnderLoad:F0} MB, limit {memoryLimit} MB); service {(alive ? "never crashed" : "CRASHED or restarted")}; ")
            + Invariant($"lost {once.Lost}, doubled {once.Doubled}; {chain}"));
    }

    /// <summary>The service's largest resident memory, sampled every 100 ms until cancelled.</summary>
    private static async Task<double> SamplePeakAsync(ServiceProcess service, CancellationToken stop)
    {
        var peak = 0.0;
        while (!stop.IsCancellationRequested)
        {
            if (service.MemoryMegabytes() is var megabytes && !double.IsNaN(megabytes))
                peak = Math.Max(peak, megabytes);
            await Task.Delay(TimeSpan.FromMilliseconds(100), CancellationToken.None);
        }
        return peak;
    }
}
