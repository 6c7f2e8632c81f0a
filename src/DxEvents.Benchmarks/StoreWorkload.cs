using System.Collections.Concurrent;
using DxEvents.Api.EventStore;
using DxEvents.Api.Projections;
using DxEvents.Domain;
using DxEvents.Domain.Kpis;
using Marten;
using Npgsql;

namespace DxEvents.Benchmarks;

/// <summary>
/// Who writes where. Each writer owns some KPIs of a plan and records their quarterly figures FY2023 Q1–FY2025 Q4 in
/// turn, then moves on to the same KPIs of a fresh copy of the plan: KPI streams stay as long as a real plan's
/// (KpiDefined + 12 figures) and the inline plan view stays the size of a real plan's (at most 16 KPIs × 12 quarters),
/// however long the run.
/// </summary>
internal sealed record Layout(string Name, int KpisPerWriter, Func<int, string> Tenant, Func<int, int, string> PlanId, Func<int, int> FirstKpi)
{
    public const int KpisPerPlan = 16;
    public const int Quarters = 12;

    public int AppendsPerCopy => KpisPerWriter * Quarters;

    /// <summary>All writers of one municipality on the same plan, two KPIs each (a quarter's end at one DX office).</summary>
    public static Layout OneMunicipality(string phase, int writers) =>
        new("1 municipality", KpisPerPlan / writers, _ => "bench-one", (_, copy) => $"{phase}-c{copy}", w => w * (KpisPerPlan / writers));

    /// <summary>Each writer in its own municipality, on its plan's 16 KPIs.</summary>
    public static Layout EightMunicipalities(string phase) =>
        new("8 municipalities", KpisPerPlan, w => $"bench-m{w}", (_, copy) => $"{phase}-c{copy}", _ => 0);

    /// <summary>One municipality, but a plan per writer: separates what the municipality shares from what the plan shares.</summary>
    public static Layout OneMunicipalityPlanPerWriter(string phase) =>
        new("1 municipality, a plan per writer", KpisPerPlan, _ => "bench-one", (w, copy) => $"{phase}-w{w}-c{copy}", _ => 0);

    public (string Tenant, string PlanId, string KpiId, int FiscalYear, int Quarter) At(int writer, long n)
    {
        var copy = (int)(n / AppendsPerCopy);
        var i = (int)(n % AppendsPerCopy);
        var quarter = i / KpisPerWriter;
        return (Tenant(writer), PlanId(writer, copy), $"k{FirstKpi(writer) + i % KpisPerWriter + 1:00}", 2023 + quarter / 4, quarter % 4 + 1);
    }
}

/// <summary>The three ways of writing one event that the store benchmark compares.</summary>
internal sealed class StoreWorkload(BenchPlans plans, IDocumentStore importer)
{
    /// <summary>Quarters are judged against this day, after FY2025 Q4 began.</summary>
    private static readonly DateTimeOffset Now = new(2026, 4, 15, 10, 0, 0, TimeSpan.FromHours(9));
    private const string Note = "窓口受付件数を集計（本庁・支所）";

    private readonly ConcurrentDictionary<(string Tenant, string Plan), Lazy<Task>> _imported = new();

    /// <summary>Imports the plan copies a phase will need before it starts (8 at a time); a writer that runs past them imports the next itself.</summary>
    public async Task PrepareAsync(Layout layout, int writers, long appendsPerWriter)
    {
        var copies = (int)(appendsPerWriter / layout.AppendsPerCopy) + 1;
        var wanted = Enumerable.Range(0, writers).SelectMany(w => Enumerable.Range(0, copies).Select(c => (layout.Tenant(w), layout.PlanId(w, c)))).Distinct();
        await Parallel.ForEachAsync(wanted, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (plan, _) => await EnsureAsync(plan.Item1, plan.Item2));
    }

    private Task EnsureAsync(string tenant, string planId) =>
        _imported.GetOrAdd((tenant, planId), key => new Lazy<Task>(() => BenchPlans.ImportAsync(importer, plans.Plan(key.Tenant, key.Plan, Layout.KpisPerPlan)))).Value;

    /// <summary>What the service does for POST …/measurements: FetchForWriting (Marten folds the KPI stream), Decide, append, commit.</summary>
    public Func<int, long, Task> MartenAppend(IDocumentStore store, Layout layout, AppendPhases? phases = null) => async (writer, n) =>
    {
        var (tenant, planId, kpiId, year, quarter) = layout.At(writer, n);
        if (n % layout.AppendsPerCopy == 0)
            await EnsureAsync(tenant, planId);
        var started = phases?.Start();
        await using var session = store.LightweightSession(tenant);
        Envelopes.Stamp(session, BenchPlans.Metadata, $"bench-{writer}-{n}");
        var stream = await session.Events.FetchForWriting<KpiStream>(StreamIds.Kpi(planId, kpiId));
        var fetched = phases?.Lap();
        stream.AppendMany(KpiDecider.Decide(KpiStream.StateOf(stream.Aggregate), new RecordKpiFigure(year, quarter, 5m * (n % 7 + 1), Note), Now));
        var decided = phases?.Lap();
        await session.SaveChangesAsync();
        phases?.Record(started!.Value, fetched!.Value, decided!.Value);
    };

    /// <summary>
    /// The bare Critter Stack's append (the peer's store: plain Marten, no tenancy, no row-level security, no metadata, no
    /// inline projections): a lightweight session, FetchForWriting on the peer's minimal aggregate, one event, commit. The
    /// same streams and quarters as <see cref="MartenAppend"/>; a stream starts with its first figure.
    /// </summary>
    public static Func<int, long, Task> PeerAppend(IDocumentStore store, Layout layout) => async (writer, n) =>
    {
        var (tenant, planId, kpiId, year, quarter) = layout.At(writer, n);
        await using var session = store.LightweightSession();
        var stream = await session.Events.FetchForWriting<Peer.PeerKpi>($"{tenant}/{planId}/{kpiId}");
        stream.AppendOne(new Peer.KpiMeasured(planId, kpiId, "m01", year, quarter, 5m * (n % 7 + 1), Note));
        await session.SaveChangesAsync();
    };

    /// <summary>The events of the raw floors, as Marten stores them (same serializer, same columns).</summary>
    public static string Payload(IDocumentStore store, long n) =>
        store.Options.Serializer().ToJson(new KpiMeasured("bench-plan", "k01", "m01", 2025, 2, 5m * (n % 7 + 1), Note));

    public const string RawTables = """
        CREATE SCHEMA bench;
        CREATE TABLE bench.rows (id bigserial PRIMARY KEY, data jsonb NOT NULL);
        CREATE TABLE bench.streams (tenant_id varchar NOT NULL, id varchar NOT NULL, version bigint NOT NULL, PRIMARY KEY (tenant_id, id));
        CREATE TABLE bench.events (
            seq_id bigserial PRIMARY KEY, id uuid NOT NULL, tenant_id varchar NOT NULL, stream_id varchar NOT NULL, version bigint NOT NULL,
            type varchar NOT NULL, data jsonb NOT NULL, headers jsonb, user_name varchar, correlation_id varchar, causation_id varchar,
            timestamp timestamptz NOT NULL DEFAULT now(), UNIQUE (tenant_id, stream_id, version));
        """;

    /// <summary>The floor under everything: one single-row INSERT of the event's JSON.</summary>
    public static Func<int, long, Task> RawInsert(NpgsqlDataSource dataSource, string payload) => async (_, _) =>
    {
        await using var command = dataSource.CreateCommand("INSERT INTO bench.rows (data) VALUES ($1::jsonb)");
        command.Parameters.Add(new() { Value = payload });
        await command.ExecuteNonQueryAsync();
    };

    /// <summary>
    /// The floor under an event store: one statement, so one transaction and one round trip, that moves the stream's
    /// version only if it is the expected one and inserts the event with the columns mt_events has.
    /// </summary>
    public static async Task<Func<int, long, Task>> RawOptimisticAsync(NpgsqlDataSource dataSource, string phase, int writers, string payload)
    {
        var versions = new long[writers, Layout.KpisPerPlan];
        await using (var create = dataSource.CreateCommand(
            "INSERT INTO bench.streams SELECT 'bench-one', $1 || '/' || w || '/' || k, 0 FROM generate_series(0, $2 - 1) w, generate_series(0, $3 - 1) k"))
        {
            create.Parameters.Add(new() { Value = phase });
            create.Parameters.Add(new() { Value = writers });
            create.Parameters.Add(new() { Value = Layout.KpisPerPlan });
            await create.ExecuteNonQueryAsync();
        }
        return async (writer, n) =>
        {
            var k = (int)(n % Layout.KpisPerPlan);
            await using var command = dataSource.CreateCommand("""
                WITH moved AS (UPDATE bench.streams SET version = version + 1 WHERE tenant_id = $1 AND id = $2 AND version = $3 RETURNING version)
                INSERT INTO bench.events (id, tenant_id, stream_id, version, type, data, headers, user_name, correlation_id, causation_id)
                SELECT $4, $1, $2, moved.version, 'KpiMeasured', $5::jsonb, $6::jsonb, $7, $8, $9 FROM moved
                """);
            command.Parameters.Add(new() { Value = "bench-one" });
            command.Parameters.Add(new() { Value = $"{phase}/{writer}/{k}" });
            command.Parameters.Add(new() { Value = versions[writer, k] });
            command.Parameters.Add(new() { Value = Guid.NewGuid() });
            command.Parameters.Add(new() { Value = payload });
            command.Parameters.Add(new() { Value = """{"requestId":"bench-request"}""" });
            command.Parameters.Add(new() { Value = BenchPlans.Metadata.Actor });
            command.Parameters.Add(new() { Value = BenchPlans.Metadata.CorrelationId! });
            command.Parameters.Add(new() { Value = BenchPlans.Metadata.CausationId! });
            if (await command.ExecuteNonQueryAsync() != 1)
                throw new InvalidOperationException("Raw optimistic append: the stream moved under its only writer.");
            versions[writer, k]++;
        };
    }
}

/// <summary>Where one append's time goes: opening the session and FetchForWriting, Decide and append, SaveChangesAsync.</summary>
internal sealed class AppendPhases
{
    private readonly ConcurrentBag<(double Fetch, double Decide, double Save)> _samples = [];

    public long Start() => System.Diagnostics.Stopwatch.GetTimestamp();

    public long Lap() => System.Diagnostics.Stopwatch.GetTimestamp();

    public void Record(long started, long fetched, long decided)
    {
        var saved = System.Diagnostics.Stopwatch.GetTimestamp();
        static double Ms(long from, long to) => System.Diagnostics.Stopwatch.GetElapsedTime(from, to).TotalMilliseconds;
        _samples.Add((Ms(started, fetched), Ms(fetched, decided), Ms(decided, saved)));
    }

    public (double Fetch, double Decide, double Save) Medians() =>
        (Stats.Median(_samples.Select(s => s.Fetch)), Stats.Median(_samples.Select(s => s.Decide)), Stats.Median(_samples.Select(s => s.Save)));
}
