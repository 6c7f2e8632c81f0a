using Alba;
using DxEvents.Api.Auth;
using DxEvents.Api.EventStore;
using DxEvents.Api.Tests.Support;
using DxEvents.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;

namespace DxEvents.Api.Tests;

/// <summary>The service with a second database (DXEVENTS_DATABASES) holding one municipality; every other stays in the main one.</summary>
public sealed class TwoDatabasesHost : ApiHost
{
    public PostgresDatabase Extra { get; } = new();

    /// <summary>The municipality placed on the extra database.</summary>
    public string Placed { get; } = "t-" + Guid.NewGuid().ToString("N")[..12];

    protected override Task BeforeStartAsync() => Extra.InitializeAsync();

    protected override void Configure(IWebHostBuilder builder)
    {
        builder.UseSetting($"{ExtraDatabase.Section}:b:Db", Extra.ConnectionString);
        builder.UseSetting($"{ExtraDatabase.Section}:b:Municipalities", Placed);
    }

    protected override Task AfterStopAsync() => Extra.DisposeAsync();
}

/// <summary>
/// Two databases: each municipality's events, documents, projections and chain in its own, none in the other; reads,
/// the daemon (the KPI figures, the chain sealer) and verification per database.
/// </summary>
public sealed class TwoDatabasesTests(TwoDatabasesHost api) : IClassFixture<TwoDatabasesHost>
{
    private static readonly string[] Tables = ["mt_events", "mt_streams", "dx_chain", "dx_chain_heads", "mt_doc_kpifigure", "mt_doc_kpipart", "mt_doc_apikey"];

    [Fact]
    public async Task Each_municipality_lives_in_its_own_database_and_neither_sees_the_other()
    {
        var main = await api.NewTownAsync();
        var placed = new Town(api, api.Placed);
        await placed.KeysAsync();
        await placed.ImportAsync(PlanDocuments.Sample("mima", placed.Tenant));
        foreach (var town in new[] { main, placed })
            await town.PostAsync("/plans/mima-dx/kpis/k04/measurements", new { fiscalYear = 2025, quarter = 1, value = 100 });
        await api.ProjectedAsync();

        // As a database administrator, past row-level security: whose rows each database holds.
        Assert.Equal(Tables.Select(t => $"{t}: {main.Tenant}"), await TenantsAsync(api.Database));
        Assert.Equal(Tables.Select(t => $"{t}: {placed.Tenant}"), await TenantsAsync(api.Extra));
        // Each database's daemon projected its own figure once and sealed its own chain to the end.
        Assert.Equal([1L, 1L], await ScalarsAsync(api.Extra, "select count(*) from dxevents.mt_doc_kpifigure", "select count(*) from dxevents.mt_events where type = 'KpiMeasured'"));
        foreach (var database in new[] { api.Database, api.Extra })
            Assert.Equal(await ScalarsAsync(database, "select max(seq_id) from dxevents.mt_events"),
                await ScalarsAsync(database, "select last_seq_id from dxevents.mt_event_progression where name = 'dx_chain:All'"));

        foreach (var town in new[] { main, placed })
        {
            var verify = await town.ReadAsync("/audit/verify", Roles.Auditor);
            Assert.True(verify.GetProperty("ok").GetBoolean());
            Assert.Equal((await town.HistoryAsync()).Count, verify.GetProperty("count").GetInt64());
            Assert.Equal(1, (await town.PlanViewAsync()).Kpi("k04").GetProperty("figures").GetArrayLength());
        }
        // One municipality's key finds nothing of the other, whichever database either lives in.
        var placedKey = await placed.KeyAsync(Roles.Auditor);
        await api.Host.Scenario(s =>
        {
            s.WithBearerToken(placedKey);
            s.Get.Url(main.Url("/audit/verify"));
            s.StatusCodeShouldBe(404);
        });
    }

    private static async Task<List<string>> TenantsAsync(PostgresDatabase database)
    {
        var rows = new List<string>();
        foreach (var table in Tables)
            foreach (var tenant in await ValuesAsync(database, $"select distinct tenant_id from dxevents.{table} order by 1"))
                rows.Add($"{table}: {tenant}");
        return rows;
    }

    private static async Task<List<long>> ScalarsAsync(PostgresDatabase database, params string[] queries)
    {
        var values = new List<long>();
        foreach (var query in queries)
            values.Add(Convert.ToInt64((await ValuesAsync(database, query)).Single(), System.Globalization.CultureInfo.InvariantCulture));
        return values;
    }

    private static async Task<List<object>> ValuesAsync(PostgresDatabase database, string sql)
    {
        await using var connection = new Npgsql.NpgsqlConnection(database.AdminConnectionString ?? throw new InvalidOperationException("Set DXEVENTS_DB_ADMIN (./ops/test does)."));
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var values = new List<object>();
        while (await reader.ReadAsync())
            values.Add(reader.GetValue(0));
        return values;
    }
}

/// <summary>DXEVENTS_DATABASES as an operator writes it: environment variables or appsettings.json.</summary>
public sealed class PlacementTests
{
    private static IReadOnlyList<ExtraDatabase> From(params (string Key, string Value)[] settings) =>
        ExtraDatabase.From(new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value))).Build());

    [Fact]
    public void Databases_and_their_municipalities_come_from_a_list_or_an_array()
    {
        var placed = From(("DXEVENTS_DATABASES:b:Db", "Host=h;Database=dxevents_b"), ("DXEVENTS_DATABASES:b:Municipalities", " kita, minami ,"),
            ("DXEVENTS_DATABASES:c:Db", "Host=h;Database=dxevents_c"), ("DXEVENTS_DATABASES:c:Municipalities:0", "higashi"));
        Assert.Equal(["b: kita, minami", "c: higashi"], placed.Select(d => $"{d.Id}: {string.Join(", ", d.Municipalities)}"));
        Assert.Equal("dxevents_daemon", new Npgsql.NpgsqlConnectionStringBuilder(placed[0].ForDaemon().ConnectionString).Username);
        Assert.Empty(From());
    }

    [Theory]
    [InlineData("c", "kita")]
    [InlineData("nishi", "nishi")]
    [InlineData("main", "higashi")]
    public void A_placement_that_could_not_be_resolved_one_way_is_refused(string otherId, string otherMunicipality) =>
        Assert.Throws<InvalidOperationException>(() => From(
            ("DXEVENTS_DATABASES:b:Db", "Host=h;Database=dxevents_b"), ("DXEVENTS_DATABASES:b:Municipalities", "kita"),
            ($"DXEVENTS_DATABASES:{otherId}:Db", "Host=h;Database=dxevents_c"), ($"DXEVENTS_DATABASES:{otherId}:Municipalities", otherMunicipality)));
}
