using System.Diagnostics;
using DxEvents.Benchmarks.Http;
using static System.FormattableString;

namespace DxEvents.Benchmarks.Drills;

/// <summary>
/// Issue 11, drill 2: under the crash drill's load, PostgreSQL is stopped (fast, later immediate) and started again while
/// the service keeps running. Promises: the service process stays up; /health/ready answers 503 while the database is
/// away and 200 after; writes resume without a service restart; the daemon (chain sealing included) catches up; no
/// acknowledged figure lost, none doubled. Figures: seconds from the database's restart to ready and to the first write.
/// Restarts only ops/drill's own cluster (DXEVENTS_DRILL_DB_CTL), never a server named by DXEVENTS_DB.
/// </summary>
internal static class DbRestartDrill
{
    /// <summary>One outage: the status /health/ready gave while the database was away, how long it was away, and from the
    /// moment it was started again: its own start-up (recovery included), /health/ready 200, the first acknowledged write.</summary>
    private sealed record Outage(string Mode, int ReadyWhileDown, double DownSeconds, double StartSeconds, double ReadySeconds, double FirstWriteSeconds)
    {
        public bool Kept => ReadyWhileDown == 503 && !double.IsNaN(ReadySeconds) && !double.IsNaN(FirstWriteSeconds);

        public override string ToString() => Invariant(
            $"{Mode}: ready {ReadyWhileDown} while down, recovered in {FirstWriteSeconds:F2} s (PostgreSQL up {StartSeconds:F2} s, ready 200 {ReadySeconds:F2} s, first write {FirstWriteSeconds:F2} s after its start; down {DownSeconds:F1} s)");
    }

    public static async Task<int> RunAsync(string[] args)
    {
        // Recorders send until the last outage is over and the load has run on for --between seconds (3 minutes at most).
        var bounds = LoadBounds.Parse(args, clients: 16, seconds: 180, requests: 2000);
        var down = TimeSpan.FromSeconds(Stats.Option(args, "--down", 3));
        var between = TimeSpan.FromSeconds(Stats.Option(args, "--between", 4));
        var control = Environment.GetEnvironmentVariable("DXEVENTS_DRILL_DB_CTL");
        if (control is null || Environment.GetEnvironmentVariable("DXEVENTS_PGROOT") is null)
        {
            Console.Error.WriteLine("db-restart stops and starts PostgreSQL: run it through ./ops/drill, which gives it a cluster of its own.");
            return 2;
        }

        await using var run = await ServiceUnderTest.StartAsync(["dbr-a", "dbr-b", "dbr-c"], 2);
        var recorders = new Recorders(run, new FigureWorkload(run.Slots, bounds.Clients, "dbr"));
        Console.WriteLine($"db-restart drill: {bounds.Clients} recorders; PostgreSQL stopped fast, then immediate, {down.TotalSeconds:F0} s each, "
            + $"{between.TotalSeconds:F0} s of load before, between and after; {run}");

        using var stop = new CancellationTokenSource();
        var load = recorders.RunAsync(bounds, resendFor: TimeSpan.FromSeconds(60), stop.Token);
        var outages = new List<Outage>();
        foreach (var mode in new[] { "fast", "immediate" })
        {
            await Task.Delay(between);
            outages.Add(await OutageAsync(run, recorders, control, mode, down));
            Console.WriteLine($"  {outages[^1]}");
        }
        await Task.Delay(between);
        await stop.CancelAsync();
        var stats = await load;
        var (once, chain) = await DrillChecks.CheckAsync(run, recorders, stats, bounds.Settle);
        var projected = await DrillChecks.ProjectedOnceAsync(run.Db);
        Console.WriteLine($"  {projected}");
        var stayedUp = run.Service.IsRunning && run.Service.Starts == 1;
        Console.WriteLine($"  service {(stayedUp ? "stayed up (one process throughout)" : "did NOT stay up")}");
        var kept = stayedUp && outages.All(o => o.Kept) && once.Kept && chain.Verifies && projected.Kept;
        return DrillChecks.Finish(run, "db-restart", kept, string.Join("; ", [
            Invariant($"lost {once.Lost}, doubled {once.Doubled}, acknowledged {once.Acknowledged}, resent {once.Resent}, replayed {once.Replayed}"),
            .. outages.Select(o => Invariant($"{o.Mode}: ready {o.ReadyWhileDown} while down, recovered in {o.FirstWriteSeconds:F2} s (PostgreSQL up {o.StartSeconds:F2} s, ready {o.ReadySeconds:F2} s)")),
            $"answers {stats.StatusSummary()}", $"service {(stayedUp ? "stayed up" : "did NOT stay up")}", projected.ToString(), chain.ToString()]));
    }

    private static async Task<Outage> OutageAsync(ServiceUnderTest run, Recorders recorders, string control, string mode, TimeSpan down)
    {
        var stopped = Stopwatch.StartNew();
        await DatabaseAsync(control, "stop", mode);
        // While the database is away the service must say it is not ready; keep asking until the outage ends.
        var whileDown = 0;
        while (stopped.Elapsed < down || whileDown == 0)
        {
            var (status, _) = await run.Api.GetAsync(null, "/health/ready");
            whileDown = whileDown is 0 or 200 ? status : whileDown;
            if (stopped.Elapsed > down + TimeSpan.FromSeconds(10))
                break;
            await Task.Delay(100);
        }
        var downFor = stopped.Elapsed.TotalSeconds;
        var back = Stopwatch.GetTimestamp();
        await DatabaseAsync(control, "start");
        var started = Stopwatch.GetElapsedTime(back).TotalSeconds;
        var ready = await UntilAsync(async () => (await run.Api.GetAsync(null, "/health/ready")).Status == 200, TimeSpan.FromSeconds(60));
        var readyAfter = ready ? Stopwatch.GetElapsedTime(back).TotalSeconds : double.NaN;
        await UntilAsync(() => Task.FromResult(!double.IsNaN(recorders.FirstAcknowledgedAfter(back))), TimeSpan.FromSeconds(60));
        return new Outage(mode, whileDown, downFor, started, readyAfter, recorders.FirstAcknowledgedAfter(back));
    }

    /// <summary>Polls <paramref name="condition"/> every 50 ms; false if it did not hold within <paramref name="timeout"/>.</summary>
    private static async Task<bool> UntilAsync(Func<Task<bool>> condition, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            if (clock.Elapsed > timeout)
                return false;
            await Task.Delay(50);
        }
        return true;
    }

    /// <summary>ops/db stop|start on ops/drill's cluster (DXEVENTS_PGROOT is inherited).</summary>
    private static async Task DatabaseAsync(string control, params string[] args)
    {
        using var process = Process.Start(new ProcessStartInfo(control, args) { UseShellExecute = false })
            ?? throw new InvalidOperationException($"{control} did not start.");
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{control} {string.Join(' ', args)} failed ({process.ExitCode}).");
    }
}
