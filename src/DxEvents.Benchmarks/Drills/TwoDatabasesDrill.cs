using System.Globalization;
using DxEvents.Api.Auth;
using DxEvents.Api.EventStore;
using DxEvents.Api.Integrity;
using DxEvents.Api.Projections;
using DxEvents.Benchmarks.Http;
using static System.FormattableString;

namespace DxEvents.Benchmarks.Drills;

/// <summary>What one database holds after the load, read in it directly (as the daemon's role, which sees every municipality there).</summary>
internal sealed record DatabaseFigures(string Name, IReadOnlyList<string> Expected, long Events, ProjectedOnce Projected, long Links, long Sealable,
    long SealedThrough, long LastSequence, IReadOnlyList<string> Strays, IReadOnlyList<string> Agents)
{
    /// <summary>One figure row per KpiMeasured and each correction counted once, one link per event, the sealer through the last sequence, no municipality of
    /// another database, both projections started as Wolverine agents on this database.</summary>
    public bool Kept => Projected.Kept && Links == Sealable && SealedThrough >= LastSequence && Strays.Count == 0 && Events > 0
        && Agents.Contains(ChainSealer.Name) && Agents.Contains(Api.Projections.KpiFiguresProjection.ProjectionName);

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Name} ({string.Join(", ", Expected)}): {Events} events, daemon agents {string.Join("+", Agents)}, {Projected}, sealed {Links} of {Sealable}, rows of other municipalities {Strays.Count}")
        + (Strays.Count > 0 ? $" [{string.Join("; ", Strays)}]" : "");
}

/// <summary>
/// Issue 11, drill 6: municipalities on two PostgreSQL databases (DXEVENTS_DATABASES, Marten's multi-database tenancy), one
/// service process. Recorders write to municipalities on both. Promises: each municipality's events, streams, documents,
/// projections and chain only in its own database; the daemon projects and seals in each (one KPI figure row per
/// KpiMeasured, one link per event); a key of one municipality reads nothing of a municipality on the other database
/// (404); every chain verifies; lost 0, doubled 0.
/// </summary>
internal static partial class TwoDatabasesDrill
{
    private static readonly string[] Main = ["dbs-main-1", "dbs-main-2"];
    private static readonly string[] Second = ["dbs-second-1", "dbs-second-2"];

    /// <summary>Every table with a municipality's rows: events, streams, the chain, the plan view, the KPI figures, keys, idempotency records.</summary>
    private static readonly string[] Tables = ["mt_events", "mt_streams", ChainSchema.Links, ChainSchema.Heads, "mt_doc_kpipart", "mt_doc_kpifigure", "mt_doc_apikey", "mt_doc_idempotencyrecord"];

    public static async Task<int> RunAsync(string[] args)
    {
        var bounds = LoadBounds.Parse(args, clients: 8, seconds: 10, requests: 500);
        await using var run = await ServiceUnderTest.StartAsync([.. Main, .. Second], 1, placed: [Second]);
        Console.WriteLine($"two-databases drill: {bounds}; {run}; {string.Join(", ", Second)} on database {run.Extra[0].Name} (DXEVENTS_DATABASES), the rest on the main one");

        var recorders = new Recorders(run, new FigureWorkload(run.Slots, bounds.Clients, "dbs"));
        var (once, chain) = await DrillChecks.CheckAsync(run, recorders, await recorders.RunAsync(bounds, resendFor: TimeSpan.FromSeconds(60)), bounds.Settle);
        var agents = Agents(run.Service);
        var databases = new[] { await FiguresAsync(run.Db, "main", Main, agents), await FiguresAsync(run.Extra[0], "second", Second, agents) };
        foreach (var figures in databases)
            Console.WriteLine($"  {figures}");
        var (crossRefused, crossLeaked) = await CrossReadsAsync(run);
        Console.WriteLine($"  reads across databases: {crossRefused} answered 404 with no data, {crossLeaked} otherwise");

        var kept = once.Kept && chain.Verifies && databases.All(d => d.Kept) && crossLeaked == 0 && run.Service.IsRunning;
        return DrillChecks.Finish(run, "two-databases", kept,
            string.Join("; ", databases.Select(d => d.ToString())) + Invariant($"; reads with a key of the other database: 404 ×{crossRefused}, other {crossLeaked}; {once}; {chain}"));
    }

    private static async Task<DatabaseFigures> FiguresAsync(BenchDatabase db, string name, IReadOnlyList<string> expected, ILookup<string, string> agents)
    {
        const string S = StoreSetup.Schema;
        var strays = new List<string>();
        foreach (var table in Tables)
        {
            var tenants = await db.RowsAsync($"select distinct tenant_id from {S}.{table}", r => r.GetString(0));
            strays.AddRange(tenants.Where(t => !expected.Contains(t)).Select(t => $"{table}: {t}"));
        }
        return new DatabaseFigures(name, expected,
            await db.ScalarAsync<long>($"select count(*) from {S}.mt_events"),
            await DrillChecks.ProjectedOnceAsync(db),
            await db.ScalarAsync<long>($"select count(*) from {S}.{ChainSchema.Links}"),
            await db.ScalarAsync<long>($"select count(*) from {S}.mt_events where type <> 'tombstone'"),
            await db.ScalarAsync<long>($"select coalesce((select last_seq_id from {S}.mt_event_progression where name = '{ChainSealer.Name}:All'), 0)"),
            await db.ScalarAsync<long>($"select coalesce(max(seq_id), 0) from {S}.mt_events"),
            strays, [.. agents[db.Name].Order(StringComparer.Ordinal)]);
    }

    /// <summary>The projections Wolverine started as agents, by database, from the service's log ("Successfully started agent
    /// event-subscriptions://marten/idaemonstore/{server}.{database}/{projection}/all"): the drill is another process.</summary>
    private static ILookup<string, string> Agents(ServiceProcess service) =>
        service.LogTail(100_000).Select(l => AgentLine().Match(l)).Where(m => m.Success)
            .Select(m => (Database: m.Groups[1].Value, Projection: m.Groups[2].Value)).Distinct()
            .ToLookup(a => a.Database, a => a.Projection);

    [System.Text.RegularExpressions.GeneratedRegex(@"started agent event-subscriptions://marten/idaemonstore/[^/]*\.([a-z0-9_]+)/([a-z_]+)/all")]
    private static partial System.Text.RegularExpressions.Regex AgentLine();

    /// <summary>Each municipality's plan, verification and history read with the auditor's key of each municipality on the
    /// other database: every answer must be 404 and carry none of the plan.</summary>
    private static async Task<(int Refused, int Leaked)> CrossReadsAsync(ServiceUnderTest run)
    {
        var (refused, leaked) = (0, 0);
        foreach (var (owner, reader) in Main.SelectMany(m => Second.SelectMany(s => new[] { (m, s), (s, m) })))
            foreach (var path in new[] { $"/plans/{Municipalities.PlanId(0)}", "/audit/verify", "/audit/events" })
            {
                var (status, body) = await run.Api.GetAsync(run.Municipalities.Key(reader, Roles.Auditor), $"/api/{owner}{path}");
                if (status == 404 && !body.Contains(Municipalities.PlanId(0), StringComparison.Ordinal) && !body.Contains("\"events\"", StringComparison.Ordinal))
                    refused++;
                else
                {
                    leaked++;
                    Console.WriteLine($"  LEAK: {reader}'s key on /api/{owner}{path} answered {status}");
                }
            }
        return (refused, leaked);
    }
}
