using DxEvents.Api.Auth;
using Marten;
using Npgsql;

namespace DxEvents.Benchmarks.Http;

/// <summary>
/// Everything a run against the real service needs, set up the same way for the HTTP benchmark and every drill: a
/// throwaway database with the service's schema, API keys for each municipality, the service as its own process (its cold
/// start timed to the first answered command, the first plan import), a client, and the municipalities' plans imported
/// over HTTP with their measures started. Disposing stops the service and drops the database.
/// </summary>
internal sealed class ServiceUnderTest : IAsyncDisposable
{
    private ServiceUnderTest(BenchDatabase db, DocumentStore store, BenchPlans plans, Municipalities municipalities, ServiceProcess service, ApiClient api) =>
        (Db, Store, Plans, Municipalities, Service, Api) = (db, store, plans, municipalities, service, api);

    public BenchDatabase Db { get; }
    public DocumentStore Store { get; }
    public BenchPlans Plans { get; }
    public Municipalities Municipalities { get; }
    public ServiceProcess Service { get; }
    public ApiClient Api { get; }

    /// <summary>From starting the process to the answer of its first command (a plan import).</summary>
    public TimeSpan ColdStart { get; private set; }

    /// <summary>Every KPI of every imported plan, ordered KPI by KPI across municipalities.</summary>
    public IReadOnlyList<KpiSlot> Slots { get; private set; } = [];

    /// <param name="pool">The service's connection settings beyond DXEVENTS_DB (e.g. a smaller pool); null leaves it as given.</param>
    /// <param name="environment">The service's settings beyond production's defaults.</param>
    public static async Task<ServiceUnderTest> StartAsync(IEnumerable<string> tenants, int plansEach,
        Action<NpgsqlConnectionStringBuilder>? pool = null, TimeSpan? clientTimeout = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        var db = await BenchDatabase.CreateAsync();
        try
        {
            var store = await db.OpenStoreAsync();
            var plans = await BenchPlans.LoadAsync();
            var municipalities = await Municipalities.CreateAsync(store, tenants);
            var connection = new NpgsqlConnectionStringBuilder(db.ServiceConnectionString);
            pool?.Invoke(connection);
            var service = new ServiceProcess(connection.ConnectionString, environment);
            var run = new ServiceUnderTest(db, store, plans, municipalities, service, new ApiClient(service.BaseAddress, clientTimeout));
            var first = municipalities.Tenants[0];
            run.ColdStart = await service.StartUntilAnsweredAsync(() => run.Api.PostAsync(municipalities.Key(first, Roles.Office), Municipalities.Import(plans, first, 0)));
            // The first import answers again from its Idempotency-Key; the rest are new.
            run.Slots = await municipalities.ImportAsync(run.Api, plans, plansEach);
            return run;
        }
        catch
        {
            await db.DisposeAsync();
            throw;
        }
    }

    public override string ToString() =>
        $"{Municipalities.Tenants.Count} municipalities, service {Service.BaseAddress} (Production, pid {Service.Id}), database {Db.Name}";

    public string RecorderKey(ApiCommand command) => Municipalities.Key(command.Tenant, Roles.Recorder);

    public async ValueTask DisposeAsync()
    {
        Api.Dispose();
        await Service.DisposeAsync();
        await Db.DisposeAsync();
    }
}
