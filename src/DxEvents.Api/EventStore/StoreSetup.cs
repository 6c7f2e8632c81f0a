using System.Text.Encodings.Web;
using System.Text.Json.Serialization;
using System.Text.Unicode;
using DxEvents.Api.Integrity;
using DxEvents.Api.Plans;
using DxEvents.Api.Projections;
using DxEvents.Domain;
using DxEvents.Domain.Status;
using JasperFx;
using JasperFx.Events;
using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using JasperFx.MultiTenancy;
using Marten;
using Npgsql;
using Wolverine.Marten;
using Weasel.Core;

namespace DxEvents.Api.EventStore;

/// <summary>
/// Marten as DxEvents configures it, for the service, the CLI and the benchmarks alike. Two stores share one
/// schema: the request path's store connects as the ordinary role, which row-level security holds to the session's
/// municipality; the daemon's store connects as the cross-tenant role and is the only one that runs async projections.
/// </summary>
public static class StoreSetup
{
    /// <summary>The PostgreSQL setting Marten sets on every session connection and the policies read.</summary>
    public const string TenantSetting = "dxevents.tenant";
    public const string Schema = "dxevents";

    /// <param name="crossTenantRole">The daemon's role, the only one granted every municipality's rows; by default the
    /// connection's user with "_daemon" (or the user itself when it is the daemon's).</param>
    /// <param name="asyncProjections">Whether this store runs the async projections (the daemon's store does; the request
    /// path's store, whose role sees no events without a municipality, must not).</param>
    /// <param name="extraDatabases">Databases beside <paramref name="connectionString"/>'s and the municipalities on them
    /// (connected as this store's role); none: one database for every municipality.</param>
    /// <param name="serviceRole">When the schema's owner applies it (SchemaOwner): the service's role, granted what it needs.</param>
    public static void Configure(StoreOptions opts, string connectionString, string? crossTenantRole = null, bool asyncProjections = true,
        IReadOnlyList<ExtraDatabase>? extraDatabases = null, string? serviceRole = null)
    {
        ArgumentNullException.ThrowIfNull(opts);
        if (extraDatabases is { Count: > 0 })
            opts.Tenancy = new PlacedTenancy(opts, WithAutoPrepare(connectionString),
                [.. extraDatabases.Select(d => d with { ConnectionString = WithAutoPrepare(d.ConnectionString) })]);
        else
            opts.Connection(WithAutoPrepare(connectionString));
        // One connection per session: the tenant is set once per session instead of on every command's connection
        // (./ops/bench store: 6 statements per append instead of 8, 1.2–1.7× the appends per second with auto-prepare).
        opts.UseStickyConnectionLifetimes = true;
        opts.DatabaseSchemaName = Schema;
        opts.Events.DatabaseSchemaName = Schema;
        opts.Events.StreamIdentity = StreamIdentity.AsString;
        opts.Events.TenancyStyle = TenancyStyle.Conjoined;
        opts.Policies.AllDocumentsAreMultiTenanted();
        opts.UseRowLevelSecurity(TenantSetting);

        // Rich appends: the inline plan view records each event's sequence and recorded-at, which the quick
        // mode only learns on the server after the projection has run.
        opts.Events.AppendMode = EventAppendMode.Rich;
        opts.Events.TimeProvider = MicrosecondClock.Instance;
        opts.Events.MetadataConfig.CorrelationIdEnabled = true;
        opts.Events.MetadataConfig.CausationIdEnabled = true;
        opts.Events.MetadataConfig.HeadersEnabled = true;
        opts.Events.MetadataConfig.UserNameEnabled = true;
        opts.Events.UseMandatoryStreamTypeDeclaration = false;
        // Marten's connection spans stay off: in Marten 9.58 its tracing connection cannot begin the transaction of a
        // row-level-security session ("RlsTransactionalConnection does not implement ITransactionStarter"), which the
        // commands' exclusive stream lock needs. Npgsql's instrumentation shows the same statements as spans.
        opts.OpenTelemetry.TrackConnections = JasperFx.OpenTelemetry.TrackLevel.None;
        opts.OpenTelemetry.TrackEventCounters();
        foreach (var type in EventCatalog.EventTypes)
            opts.Events.MapEventType(type, type.Name);

        opts.UseSystemTextJsonForSerialization(EnumStorage.AsString, Casing.CamelCase, json =>
        {
            json.Encoder = JavaScriptEncoder.Create(UnicodeRanges.All);
            json.NumberHandling = JsonNumberHandling.Strict;
            foreach (var converter in EventCatalog.JsonOptions.Converters)
                json.Converters.Add(converter);
        });

        opts.Schema.For<IdempotencyRecord>().Identity(x => x.Key);
        opts.Schema.For<Auth.ApiKey>().Identity(x => x.Id);
        opts.Schema.For<Auth.PersonGrant>().Identity(x => x.Id);
        opts.Schema.For<Auth.WebSession>().Identity(x => x.Id).Index(x => x.Holder);
        // The stored headquarters rollup: a cache of reports computed from the plan view's parts, not a projection (StoredHeadquartersReads).
        opts.Schema.For<Headquarters.StoredHeadquarters>().Identity(x => x.Id);

        ProjectionCatalog.Register(opts, runsDaemon: asyncProjections);

        // A gap in the sequence is skipped only once no live transaction can still fill it, and never on a timer alone.
        // Rich appends take their sequence numbers before they open the transaction that inserts them, so a writer that
        // stalls in between shows no live transaction; failed appends fill their gaps with tombstones at once, so only a
        // crashed writer leaves a real hole, and a generous threshold costs nothing else.
        opts.Projections.UseTransactionEvidenceForGapSkipping = true;
        opts.Projections.SkipStaleGapsDespiteLiveTransactionsAfter = null;
        opts.Projections.StaleSequenceThreshold = TimeSpan.FromSeconds(10);
        // The sealing lag is mostly the high-water polling interval (docs/performance.md, "The sealing lag under a rush").
        // Marten waits SlowPollingTime after a poll that found nothing new, FastPollingTime after one that found events,
        // and hands each projection the events a poll found as one range. The first events after a quiet spell are
        // therefore seen within 250 ms; under load a poll every 500 ms makes ranges of a few hundred events. At 100 ms
        // the ranges were a few dozen, the daemon's cost per range (a page read, the chain's row read, a commit) in a
        // service busy with requests outran the events, and the lag grew through a rush (./ops/drill rush: p99 11–12 s,
        // against 1.4–1.7 s at 500 ms; ./ops/bench store: p99 0.36 s against 0.59 s).
        opts.Projections.FastPollingTime = TimeSpan.FromMilliseconds(500);
        opts.Projections.SlowPollingTime = TimeSpan.FromMilliseconds(250);

        opts.Storage.Add(new DxSchema(opts, crossTenantRole ?? DaemonRole(connectionString), serviceRole));
    }

    /// <summary>
    /// The request path's store and the daemon's store, registered for the service. The daemon's async projections (the
    /// KPI figures, the chain sealer) are Wolverine agents: each runs on exactly one node of the cluster, and moves to
    /// another when its node stops answering (Wolverine's leader election and node health checks). With extra databases
    /// each database has its own agents (one per projection and database), and Wolverine keeps its nodes, assignments and
    /// control queue in the main database.
    /// </summary>
    /// <param name="ownerApplies">The schema's owner applied the schema before (SchemaOwner): the service's roles change none of it.</param>
    public static void AddDxEventStore(this IServiceCollection services, string connectionString, string daemonConnectionString, bool runDaemon,
        IReadOnlyList<ExtraDatabase>? extraDatabases = null, bool ownerApplies = false)
    {
        var daemonRole = new NpgsqlConnectionStringBuilder(daemonConnectionString).Username ?? DaemonRole(connectionString);
        var extra = extraDatabases ?? [];
        var marten = services.AddMarten(opts =>
            {
                Configure(opts, connectionString, daemonRole, asyncProjections: false, extra);
                opts.AutoCreateSchemaObjects = ownerApplies ? AutoCreate.None : AutoCreate.CreateOrUpdate;
            })
            .UseLightweightSessions()
            .IntegrateWithWolverine(w =>
            {
                w.UseWolverineManagedEventSubscriptionDistribution = runDaemon;
                if (extra.Count > 0)
                    w.MainDatabaseConnectionString = connectionString;
            });
        if (!ownerApplies)
            marten.ApplyAllDatabaseChangesOnStartup();

        services.AddMartenStore<IDaemonStore>(s =>
            {
                var opts = new StoreOptions();
                Configure(opts, daemonConnectionString, daemonRole, extraDatabases: [.. extra.Select(d => d.ForDaemon())]);
                opts.AutoCreateSchemaObjects = AutoCreate.None;
                SetLogFactory(opts, s.GetRequiredService<ILoggerFactory>());
                return opts;
            })
            .IntegrateWithWolverine(w =>
            {
                if (extra.Count > 0)
                    w.MainConnectionString = daemonConnectionString;
            });
    }

    // Marten 9.62 hands the host's logger factory to the default store only (AddMarten), never to a store added with
    // AddMartenStore<T>, and has no public setter: without it the daemon of IDaemonStore logs nothing, not even a shard
    // paused on a failure (reported upstream; see docs/faults-and-drills.md).
    [System.Runtime.CompilerServices.UnsafeAccessor(System.Runtime.CompilerServices.UnsafeAccessorKind.Method, Name = "set_LogFactory")]
    private static extern void SetLogFactory(StoreOptions options, ILoggerFactory? factory);

    /// <summary>Npgsql prepares the statements a connection repeats (Marten's appends), unless the connection string says otherwise.</summary>
    public static string WithAutoPrepare(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (builder.MaxAutoPrepare == 0)
            (builder.MaxAutoPrepare, builder.AutoPrepareMinUsages) = (64, 2);
        return builder.ConnectionString;
    }

    public static string DaemonRole(string connectionString)
    {
        var user = new NpgsqlConnectionStringBuilder(connectionString).Username ?? "dxevents";
        return user.EndsWith("_daemon", StringComparison.Ordinal) ? user : user + "_daemon";
    }

    /// <summary>The cross-tenant role's connection: DXEVENTS_DAEMON_DB, else DXEVENTS_DB with the user "{user}_daemon".</summary>
    public static string DaemonConnectionString(string connectionString, string? configured) =>
        configured is { Length: > 0 }
            ? configured
            : new NpgsqlConnectionStringBuilder(connectionString) { Username = DaemonRole(connectionString) }.ConnectionString;
}

/// <summary>The store the async daemon runs on: same schema and projections, connected as the cross-tenant role.</summary>
public interface IDaemonStore : IDocumentStore;

/// <summary>PostgreSQL keeps microseconds: stamping events at that precision keeps the inline view's recorded-at equal to the stored one.</summary>
public sealed class MicrosecondClock : TimeProvider
{
    public static readonly MicrosecondClock Instance = new();

    public override DateTimeOffset GetUtcNow()
    {
        var now = System.GetUtcNow();
        return now.AddTicks(-(now.Ticks % TimeSpan.TicksPerMicrosecond));
    }
}
