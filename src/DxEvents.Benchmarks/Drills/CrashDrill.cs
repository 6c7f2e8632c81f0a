using DxEvents.Benchmarks.Http;
using static System.FormattableString;

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
        var bounds = LoadBounds.Parse(args, clients: 16, seconds: 12, requests: 1000);
        var killAt = TimeSpan.FromSeconds(Stats.Option(args, "--kill-at", 4));

        await using var run = await ServiceUnderTest.StartAsync(["crash-a", "crash-b", "crash-c"], 2);
        var recorders = new Recorders(run, new FigureWorkload(run.Slots, bounds.Clients, "crash"));
        Console.WriteLine($"crash drill: {bounds}, kill -9 of the service after {killAt.TotalSeconds:F0} s, started again at once; {run}");

        var load = recorders.RunAsync(bounds, resendFor: TimeSpan.FromSeconds(60));
        await Task.Delay(killAt);
        // The kill proves something only if it hits commands in flight: a load already over (or not yet sending) is no crash test.
        var loadRunning = !load.IsCompleted;
        var inFlight = recorders.Sent.Count(s => !s.Acknowledged && !s.Refused);
        await run.Service.KillAsync();
        var restarted = run.Service.Start();
        Console.WriteLine($"  killed (SIGKILL) with {inFlight} commands unacknowledged, started again (pid {run.Service.Id})");
        var (once, chain) = await DrillChecks.CheckAsync(run, recorders, await load, bounds.Settle);
        var projected = await DrillChecks.ProjectedOnceAsync(run.Db);
        var hit = loadRunning && inFlight > 0;
        var kept = hit && once.Kept && chain.Verifies && projected.Kept && run.Service.IsRunning;
        return DrillChecks.Finish(run, "crash", kept,
            Invariant($"{once}; killed with {inFlight} in flight{(hit ? "" : " (the kill hit NO command in flight: lower --kill-at or raise --seconds)")}, first answer {recorders.FirstAcknowledgedAfter(restarted):F2} s after the restart; {projected}; {chain}"));
    }
}
