using JasperFx.Descriptors;
using Marten;
using Marten.Schema;
using Marten.Storage;
using Npgsql;
using Weasel.Core.Migrations;
using Weasel.Postgresql.Connections;

namespace DxEvents.Api.EventStore;

/// <summary>
/// Marten's multi-database tenancy (<c>MultiTenantedDatabases</c>: static databases, each holding its municipalities
/// with conjoined tenancy) plus one thing it lacks: a municipality placed on no extra database lives in the main one,
/// so municipalities are created on the fly there as with one database, and an operator lists only those moved off it.
/// Everything else is Marten's own <see cref="StaticMultiTenancy"/>, built once the store's options are final (a
/// Marten database reads them when it is made).
/// </summary>
public sealed class PlacedTenancy : ITenancy, IAsyncDisposable
{
    private readonly Lazy<StaticMultiTenancy> _inner;
    private readonly Lazy<IMartenDatabase> _main;
    private readonly HashSet<string> _placed;
    private readonly HashSet<string> _databaseIds;

    public PlacedTenancy(StoreOptions options, string mainConnectionString, IReadOnlyList<ExtraDatabase> extra)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(extra);
        _placed = [.. extra.SelectMany(d => d.Municipalities)];
        _databaseIds = [ExtraDatabase.MainId, .. extra.Select(d => d.Id)];
        _inner = new Lazy<StaticMultiTenancy>(() =>
        {
            // Marten's own data source factory is internal; it differs from this one only in handing Npgsql its loggers.
            var tenancy = new StaticMultiTenancy(new DefaultNpgsqlDataSourceFactory(c => new NpgsqlDataSourceBuilder(c)), options);
            tenancy.AddMultipleTenantDatabase(mainConnectionString, ExtraDatabase.MainId).ForTenants().AsDefault();
            foreach (var database in extra)
                tenancy.AddMultipleTenantDatabase(database.ConnectionString, database.Id).ForTenants([.. database.Municipalities]);
            return tenancy;
        });
        _main = new Lazy<IMartenDatabase>(() => _inner.Value.Default.Database);
    }

    public Tenant Default => _inner.Value.Default;

    public IDocumentCleaner Cleaner => _inner.Value.Cleaner;

    public DatabaseCardinality Cardinality => DatabaseCardinality.StaticMultiple;

    public Tenant GetTenant(string tenantId) =>
        _placed.Contains(tenantId) ? _inner.Value.GetTenant(tenantId) : new Tenant(tenantId, _main.Value);

    public ValueTask<Tenant> GetTenantAsync(string tenantId) => ValueTask.FromResult(GetTenant(tenantId));

    /// <summary>A database by its id ("main", an extra one's), else the database of the municipality.</summary>
    public ValueTask<IMartenDatabase> FindOrCreateDatabase(string tenantIdOrDatabaseIdentifier) =>
        _databaseIds.Contains(tenantIdOrDatabaseIdentifier)
            ? _inner.Value.FindOrCreateDatabase(tenantIdOrDatabaseIdentifier)
            : ValueTask.FromResult(GetTenant(tenantIdOrDatabaseIdentifier).Database);

    public ValueTask<IMartenDatabase> FindDatabase(DatabaseId id) => ((ITenancy)_inner.Value).FindDatabase(id);

    public bool IsTenantStoredInCurrentDatabase(IMartenDatabase database, string tenantId) =>
        ReferenceEquals(GetTenant(tenantId).Database, database);

    public ValueTask<IReadOnlyList<IDatabase>> BuildDatabases() => _inner.Value.BuildDatabases();

    public ValueTask<DatabaseUsage> DescribeDatabasesAsync(CancellationToken token) => _inner.Value.DescribeDatabasesAsync(token);

    // Marten's own disposes the databases of its listed tenants, which leaves out the main one (none listed there).
    public void Dispose()
    {
        if (_inner.IsValueCreated)
            foreach (var database in _inner.Value.BuildDatabases().Result)
                ((IMartenDatabase)database).Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        if (_inner.IsValueCreated)
            foreach (var database in await _inner.Value.BuildDatabases())
                await ((IMartenDatabase)database).DisposeAsync();
    }
}
