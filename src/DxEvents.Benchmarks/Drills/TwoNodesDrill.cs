using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using DxEvents.Api.EventStore;
using DxEvents.Benchmarks.Http;
using static System.FormattableString;

namespace DxEvents.Benchmarks.Drills;

/// <summary>
/// Issue 11, drill 5: two service processes on one database as a Wolverine cluster (DXEVENTS_CLUSTER=on). Wolverine's
/// leader assigns each async projection (the KPI figures, the chain sealer) to exactly one node; recorders write to both
/// nodes; the node that runs the chain sealer is killed with SIGKILL, and Wolverine moves its projections to the other.
/// Promises: every projection assigned to one node before and after, the takeover within the stated time, every
/// acknowledged figure present exactly once, every figure projected once (one KPI figure row per KpiMeasured, each correction counted once), chains intact.
/// </summary>
internal static partial class TwoNodesDrill
{
    private static readonly Dictionary<string, string> Cluster = new() { ["DXEVENTS_CLUSTER"] = "on" };

    public static async Task<int> RunAsync(string[] args)
    {
        var bounds = LoadBounds.Parse(args, clients: 16, seconds: 20, requests: 1000);
        var killAt = TimeSpan.FromSeconds(Stats.Option(args, "--kill-at", 5));
        var takeoverLimit = TimeSpan.FromSeconds(Stats.Option(args, "--takeover-limit", 60));

        await using var run = await ServiceUnderTest.StartAsync(["nodes-a", "nodes-b", "nodes-c"], 2, environment: Cluster);
        await using var second = new ServiceProcess(run.Db.ServiceConnectionString, Cluster);
        using var secondApi = new ApiClient(second.BaseAddress);
        second.Start();
        await ReadyAsync(second, secondApi);
        var nodes = new[] { (Process: run.Service, Api: run.Api), (Process: second, Api: secondApi) };
        var before = await AssignedAsync(run.Db, agents => agents.Count == 2, takeoverLimit);
        Console.WriteLine($"two-nodes drill: {bounds}, kill -9 of the node that runs the chain sealer after {killAt.TotalSeconds:F0} s; {run}, second node {second.BaseAddress} (pid {second.Id})");
        Console.WriteLine($"  assigned: {Describe(before)}");

        var recorders = new Recorders(run, new FigureWorkload(run.Slots, bounds.Clients, "nodes"), [.. nodes.Select(n => n.Api)]);
        var load = recorders.RunAsync(bounds, resendFor: TimeSpan.FromSeconds(60));
        await Task.Delay(killAt);
        var sealerNode = before.Single(a => a.Key.Contains("/dx_chain/", StringComparison.Ordinal)).Value;
        var victim = nodes.Single(n => NodeNumber(n.Process) == sealerNode);
        var survivor = nodes.Single(n => n.Process != victim.Process);
        var survivorNode = NodeNumber(survivor.Process);
        await victim.Process.KillAsync();
        var killed = Stopwatch.GetTimestamp();
        Console.WriteLine($"  killed node {sealerNode} (pid {victim.Process.Id}); node {survivorNode} (pid {survivor.Process.Id}) remains");
        var after = await AssignedAsync(run.Db, agents => agents.Count == 2 && agents.Values.All(n => n == survivorNode), takeoverLimit);
        var takeover = Stopwatch.GetElapsedTime(killed);
        Console.WriteLine(Invariant($"  assigned after {takeover.TotalSeconds:F1} s: {Describe(after)}"));

        var (once, chain) = await DrillChecks.CheckAsync(run, recorders, await load, bounds.Settle, survivor.Api);
        var projected = await DrillChecks.ProjectedOnceAsync(run.Db);
        var kept = once.Kept && chain.Verifies && projected.Kept && takeover < takeoverLimit && survivor.Process.IsRunning;
        return DrillChecks.Finish(run, "two-nodes", kept, Invariant(
            $"{once}; projections on one node each ({Describe(before)}); the sealer's node killed, both projections on node {survivorNode} {takeover.TotalSeconds:F1} s later (limit {takeoverLimit.TotalSeconds:F0} s); ")
            + $"{projected}; {chain}");
    }

    private static async Task ReadyAsync(ServiceProcess service, ApiClient api)
    {
        var clock = Stopwatch.StartNew();
        while ((await api.GetAsync(null, "/health/ready")).Status != 200)
        {
            if (!service.IsRunning || clock.Elapsed > TimeSpan.FromSeconds(120))
                throw new InvalidOperationException($"The second node did not become ready; its log ends:\n{string.Join('\n', service.LogTail(30))}");
            await Task.Delay(100);
        }
    }

    /// <summary>Wolverine's assignments of the event-subscription agents (projection → node number), once they satisfy <paramref name="done"/>.
    /// Read from Wolverine's own table: the drill is another process, and Wolverine answers for its agents only inside a node
    /// (IWolverineRuntime), which is the very process the drill kills.</summary>
    private static async Task<Dictionary<string, int>> AssignedAsync(BenchDatabase db, Func<Dictionary<string, int>, bool> done, TimeSpan limit)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var agents = (await db.RowsAsync(
                    $"select a.id, n.node_number from {StoreSetup.Schema}.wolverine_node_assignments a join {StoreSetup.Schema}.wolverine_nodes n on n.id = a.node_id where a.id like 'event-subscriptions://%'",
                    r => (Agent: r.GetString(0), Node: r.GetInt32(1))))
                .ToDictionary(a => a.Agent, a => a.Node);
            if (done(agents))
                return agents;
            if (clock.Elapsed > limit)
                throw new TimeoutException($"Wolverine's assignments did not settle within {limit.TotalSeconds:F0} s: {Describe(agents)}");
            await Task.Delay(100);
        }
    }

    private static string Describe(Dictionary<string, int> agents) =>
        string.Join(", ", agents.OrderBy(a => a.Key, StringComparer.Ordinal).Select(a => $"{a.Key.Split('/')[^2]} on node {a.Value}"));

    /// <summary>The node number Wolverine gave the process, from its log ("assigned node id for envelope persistence is N").</summary>
    private static int NodeNumber(ServiceProcess process) =>
        process.LogTail(100_000).Select(l => NodeLine().Match(l)).Where(m => m.Success)
            .Select(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).LastOrDefault();

    [GeneratedRegex(@"assigned node id for envelope persistence is (\d+)")]
    private static partial Regex NodeLine();
}
