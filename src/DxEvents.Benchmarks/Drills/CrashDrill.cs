using System.Diagnostics;
using System.Globalization;
using DxEvents.Benchmarks.Http;

namespace DxEvents.Benchmarks.Drills;

/// <summary>
/// Issue 11, drill 1: while 16 recorders send figures (each command with its own Idempotency-Key), kill -9 the service,
/// start it again at once, and let every recorder resend what was not acknowledged with the same key. Promise: every
/// acknowledged figure is in the history exactly once (none lost, none doubled) and every chain verifies.
/// </summary>
internal static class CrashDrill
{
    public static async Task<int> RunAsync(string[] args)
    {
        var clients = Stats.Option(args, "--clients", 16);
        var seconds = Stats.Option(args, "--seconds", 12);
        var killAt = Stats.Option(args, "--kill-at", 4);
        var perClient = Stats.Option(args, "--requests", 1000);
        var settle = TimeSpan.FromSeconds(Stats.Option(args, "--settle", 90));

        await using var run = await ServiceUnderTest.StartAsync(["crash-a", "crash-b", "crash-c"], 2);
        var recorders = new Recorders(run, new FigureWorkload(run.Slots, clients, "crash"));
        Console.WriteLine($"crash drill: {clients} recorders for {seconds} s (at most {perClient} commands each), kill -9 of the service after {killAt} s, "
            + $"started again at once; {run.Municipalities.Tenants.Count} municipalities, service {run.Service.BaseAddress} (Production), database {run.Db.Name}");

        var load = recorders.RunAsync(clients, TimeSpan.FromSeconds(seconds), perClient, resendFor: TimeSpan.FromSeconds(60));
        await Task.Delay(TimeSpan.FromSeconds(killAt));
        var inFlight = recorders.Sent.Count(s => !s.Acknowledged);
        await run.Service.KillAsync();
        var restarted = run.Service.Start();
        Console.WriteLine($"  killed (SIGKILL) with {inFlight} commands unacknowledged, started again (pid {run.Service.Id})");
        var stats = await load;
        var firstAnswer = recorders.FirstAcknowledgedAfter(restarted);
        var (p50, p99, _) = stats.Latency();
        Console.WriteLine($"  load done: {stats.Completed} commands in {stats.Elapsed.TotalSeconds:F1} s; answers {stats.StatusSummary()}; p50 {p50:F1} ms, p99 {p99:F1} ms");

        var once = await DrillChecks.ExactlyOnceAsync(run.Db, recorders.Sent, "crash");
        var chain = await DrillChecks.ChainAsync(run, settle);
        Console.WriteLine($"  {once}");
        Console.WriteLine($"  {chain}");
        var kept = once.Kept && chain.Verifies && run.Service.IsRunning;
        return DrillChecks.Finish(run, "crash", kept, string.Create(CultureInfo.InvariantCulture,
            $"{once}; killed with {inFlight} in flight, first answer {firstAnswer:F2} s after the restart; {chain}"));
    }
}
