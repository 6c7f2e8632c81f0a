using DxEvents.Api.Auth;
using DxEvents.Api.EventStore;
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
    private ServiceUnderTest(BenchDatabase db, IReadOnlyList<BenchDatabase> extra, DocumentStore store, BenchPlans plans, Municipalities municipalities,
        ServiceProcess service, ApiClient api) =>
        (Db, Extra, Store, Plans, Municipalities, Service, Api) = (db, extra, store, plans, municipalities, service, api);

    /// <summary>The main database (DXEVENTS_DB).</summary>
    public BenchDatabase Db { get; }

    /// <summary>The databases beside it (DXEVENTS_DATABASES), in the order of the placement given.</summary>
    public IReadOnlyList<BenchDatabase> Extra { get; }

    /// <summary>Every database: the main one first.</summary>
    public IEnumerable<BenchDatabase> Databases => [Db, .. Extra];
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
    /// <param name="placed">Municipalities to place on databases of their own, one throwaway database per list, given to the
    /// service as an operator would (DXEVENTS_DATABASES__{id}__Db and __Municipalities, ids "x1", "x2", …); the rest stay in the main one.</param>
    public static async Task<ServiceUnderTest> StartAsync(IEnumerable<string> tenants, int plansEach,
        Action<NpgsqlConnectionStringBuilder>? pool = null, TimeSpan? clientTimeout = null, IReadOnlyDictionary<string, string>? environment = null,
        IReadOnlyList<IReadOnlyList<string>>? placed = null)
    {
        var db = await BenchDatabase.CreateAsync();
        var extra = new List<BenchDatabase>();
        try
        {
            var settings = new Dictionary<string, string>(environment ?? new Dictionary<string, string>());
            var placement = new List<ExtraDatabase>();
            foreach (var onIt in placed ?? [])
            {
                extra.Add(await BenchDatabase.CreateAsync());
                var id = $"x{extra.Count}";
                placement.Add(new ExtraDatabase(id, extra[^1].ConnectionString, null, onIt));
                settings[$"{ExtraDatabase.Section}__{id}__Db"] = extra[^1].ServiceConnectionString;
                settings[$"{ExtraDatabase.Section}__{id}__Municipalities"] = string.Join(',', onIt);
            }
            var store = await db.OpenStoreAsync(extraDatabases: placement);
            var plans = await BenchPlans.LoadAsync();
            var municipalities = await Municipalities.CreateAsync(store, tenants);
            var connection = new NpgsqlConnectionStringBuilder(db.ServiceConnectionString);
            pool?.Invoke(connection);
            var service = new ServiceProcess(connection.ConnectionString, settings);
            var run = new ServiceUnderTest(db, extra, store, plans, municipalities, service, new ApiClient(service.BaseAddress, clientTimeout));
            var first = municipalities.Tenants[0];
            run.ColdStart = await service.StartUntilAnsweredAsync(() => run.Api.PostAsync(municipalities.Key(first, Roles.Office), Municipalities.Import(plans, first, 0)));
            // The first import answers again from its Idempotency-Key; the rest are new.
            run.Slots = await municipalities.ImportAsync(run.Api, plans, plansEach);
            return run;
        }
        catch
        {
            foreach (var database in extra)
                await database.DisposeAsync();
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
        foreach (var database in Extra)
            await database.DisposeAsync();
        await Db.DisposeAsync();
    }
}
