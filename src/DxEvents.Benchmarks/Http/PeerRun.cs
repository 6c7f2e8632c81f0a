using System.Globalization;
using static System.FormattableString;

namespace DxEvents.Benchmarks.Http;

/// <summary>
/// The bare Critter Stack peer (src/DxEvents.Benchmarks.Peer) as ./ops/bench http runs it beside DxEvents: its Release
/// build as a process of its own on loopback, on a throwaway database of its own, with as many KPI streams as the
/// DxEvents run has, dealt out to the clients the same way. It must answer every command with success and hold exactly
/// one event per success: anything else stops the benchmark, since its figures would then measure something else.
/// </summary>
internal sealed class PeerRun : IAsyncDisposable
{
    private readonly string[][] _mine;
    private readonly long[] _next;
    private long _acknowledged;

    private PeerRun(BenchDatabase db, ServiceProcess service, ApiClient api, int kpis, int clients)
    {
        (Db, Service, Api) = (db, service, api);
        _mine = Enumerable.Range(0, clients).Select(c => Enumerable.Range(0, kpis).Where(i => i % clients == c).Select(Kpi).ToArray()).ToArray();
        _next = new long[clients];
    }

    public BenchDatabase Db { get; }
    public ServiceProcess Service { get; }
    public ApiClient Api { get; }

    /// <summary>From starting the process to its first answered command (defining the first KPI).</summary>
    public TimeSpan ColdStart { get; private set; }

    private static string Kpi(int i) => Invariant($"peer-k{i:0000}");

    public static async Task<PeerRun> StartAsync(int kpis, int clients)
    {
        var db = await BenchDatabase.CreateAsync();
        try
        {
            var service = new ServiceProcess(db.ServiceConnectionString, assembly: ServiceProcess.PeerAssembly);
            var run = new PeerRun(db, service, new ApiClient(service.BaseAddress), kpis, clients);
            run.ColdStart = await service.StartUntilAnsweredAsync(() => run.Api.PostAsync("/kpis", Define(0)));
            for (var i = 1; i < kpis; i++)
                Expect(await run.Api.PostAsync("/kpis", Define(i)), "defining a KPI");
            return run;
        }
        catch
        {
            await db.DisposeAsync();
            throw;
        }
    }

    private static string Define(int i) => Invariant($$"""{"kpiId":"{{Kpi(i)}}","name":"窓口受付件数"}""");

    /// <summary>The client's next figure, the body DxEvents' recorders send, to the client's KPIs in turn; throws unless it succeeded.</summary>
    public async Task<Answer> RecordAsync(int client)
    {
        var n = _next[client]++;
        var mine = _mine[client];
        var quarter = (int)(n / mine.Length % FigureWorkload.Quarters);
        var body = Invariant($$"""{"fiscalYear":{{2023 + quarter / 4}},"quarter":{{quarter % 4 + 1}},"value":{{10m + quarter * 3 + n % 7}},"note":"窓口受付件数を集計（本庁・支所）"}""");
        var answer = await Api.PostAsync($"/kpis/{mine[n % mine.Length]}/measurements", body);
        Expect(answer, "recording a figure");
        Interlocked.Increment(ref _acknowledged);
        return answer;
    }

    private static void Expect(Answer answer, string what)
    {
        if (!answer.Acknowledged)
            throw new InvalidOperationException($"The bare peer answered {answer.Status} {what}: its figures would not be comparable, so the benchmark stops.");
    }

    /// <summary>
    /// The figures the peer's event store holds, counted in PostgreSQL, against the successes its clients counted; throws
    /// when they differ (a lost or an extra append). Answers the count.
    /// </summary>
    public async Task<long> CheckEventsAsync()
    {
        await using var command = Db.DataSource.CreateCommand(
            $"SELECT count(*) FROM {Peer.PeerStore.Schema}.mt_events WHERE type = 'kpi_measured'");
        var stored = (long)(await command.ExecuteScalarAsync())!;
        var acknowledged = Interlocked.Read(ref _acknowledged);
        if (stored != acknowledged)
            throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture,
                $"The bare peer acknowledged {acknowledged} figures but its event store holds {stored}."));
        return stored;
    }

    public async ValueTask DisposeAsync()
    {
        Api.Dispose();
        await Service.DisposeAsync();
        await Db.DisposeAsync();
    }
}
