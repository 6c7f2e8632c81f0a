using System.Net;
using System.Text.Json;
using DxEvents.Api.Auth;
using DxEvents.Api.EventStore;
using DxEvents.Api.Headquarters;
using DxEvents.Api.Integrity;
using DxEvents.Api.Plans;
using DxEvents.Api.Projections;
using DxEvents.Api.Tests.Support;
using DxEvents.Domain.Reports;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace DxEvents.Api.Tests;

/// <summary>
/// Issue 18, item 4: headquarters status served from a stored rollup read with its chain pin in one round trip. The stored
/// answer must be the live computation's (every part composed, the rollup built) after every kind of write, a write must
/// never be missed by the next read, a row changed in the database must be named, and as-of reads keep folding history.
/// </summary>
public sealed class StoredHeadquartersTests(ApiHost api) : IClassFixture<ApiHost>
{
    private static readonly DateOnly Date = new(2025, 11, 20);
    private const string Table = "dxevents.mt_doc_storedheadquarters";

    private StoredHeadquartersReads Stored => api.Services.GetRequiredService<StoredHeadquartersReads>();

    private static string Json(HeadquartersReport report) => JsonSerializer.Serialize(report, StoredHeadquartersReads.Json);

    /// <summary>The computation the read did before: every part composed into plan views, the rollup built from them.</summary>
    private async Task<(string Report, long LastSequence)> LiveAsync(Town town, DateOnly date)
    {
        var plans = await api.Services.GetRequiredService<PlanViews>().ListAsync(town.Tenant, CancellationToken.None);
        return (Json(HeadquartersRollup.Build(plans, date)), plans.Max(p => p.LastSequence));
    }

    /// <summary>Right after a write: the first read computes afresh (the row it finds is not the parts' state any more),
    /// the second is served from the row the first stored; both equal the live computation, and the pin is the chain's
    /// right after the last event the parts folded.</summary>
    private async Task AssertAfresh(Town town, DateOnly date, string after)
    {
        var (live, last) = await LiveAsync(town, date);
        var (first, firstStored) = await Stored.ReadAsync(town.Tenant, date, CancellationToken.None);
        var (second, secondStored) = await Stored.ReadAsync(town.Tenant, date, CancellationToken.None);

        Assert.False(firstStored, $"after {after}: served a row stored before it");
        Assert.True(secondStored, $"after {after}: the row was not stored or not served");
        Assert.Equal(live, Json(first.Report));
        Assert.Equal(live, Json(second.Report));
        // Once sealed, the read that finds the pin complete keeps it in the row, and the reads after it serve it from there.
        await api.ProjectedAsync();
        var pin = await api.Services.GetRequiredService<ChainReads>().PinAtSequenceAsync(town.Tenant, last);
        Assert.True(pin.Complete);
        Assert.Equal(pin, (await Stored.ReadAsync(town.Tenant, date, CancellationToken.None)).Read.Chain);
        Assert.Equal(pin.Head.Hash, await PinnedHashAsync(town, date));
        Assert.Equal(pin, (await Stored.ReadAsync(town.Tenant, date, CancellationToken.None)).Read.Chain);
    }

    private async Task<string?> PinnedHashAsync(Town town, DateOnly date)
    {
        await using var admin = new NpgsqlConnection(api.Database.TamperConnectionString);
        await admin.OpenAsync();
        await using var command = new NpgsqlCommand($"select data->'pin'->>'hash' from {Table} where tenant_id = $1 and id = $2", admin)
        {
            Parameters = { new() { Value = town.Tenant }, new() { Value = StoredHeadquartersReads.Key(date) } },
        };
        return await command.ExecuteScalarAsync() as string;
    }

    [Fact]
    public async Task The_stored_rollup_equals_the_live_one_and_every_kind_of_write_makes_the_next_read_compute_it_afresh()
    {
        var town = await api.NewTownAsync();
        await AssertAfresh(town, Date, "the import");

        await StatusAsOfTests.Write(town, "/plans/mima-dx/measures/m04/start", new { on = "2023-04-01" });
        await AssertAfresh(town, Date, "a measure's start");
        await StatusAsOfTests.Write(town, "/plans/mima-dx/kpis/k04/measurements", new { fiscalYear = 2025, quarter = 2, value = 200 }, Roles.Recorder);
        await AssertAfresh(town, Date, "a figure");
        await StatusAsOfTests.Write(town, "/plans/mima-dx/kpis/k04/measurements/2025/2/corrections", new { value = 150, reason = "集計漏れ" }, Roles.Recorder);
        await AssertAfresh(town, Date, "a correction");
        await StatusAsOfTests.Write(town, "/plans/mima-dx/measures/m04/budget/2025/revisions",
            new { total = 1500, generalFunds = 1500, funding = Array.Empty<object>(), reason = "補正予算" });
        await AssertAfresh(town, Date, "a budget revision");
        await town.ImportAsync(PlanDocuments.Small(town.Tenant), status: HttpStatusCode.Created);
        await AssertAfresh(town, Date, "a second plan");
        await StatusAsOfTests.Write(town, "/plans/small-dx/measures/m1/start", new { on = "2024-04-01" });
        await AssertAfresh(town, Date, "the second plan's measure's start");

        // Another reporting date is its own row, computed for that date, and leaves the first one served.
        await AssertAfresh(town, new DateOnly(2026, 5, 1), "another reporting date");
        Assert.True((await Stored.ReadAsync(town.Tenant, Date, CancellationToken.None)).Stored);
    }

    [Fact]
    public async Task Over_http_a_write_then_an_immediate_read_shows_it_and_the_read_stores_what_the_next_one_serves()
    {
        var town = await api.NewTownAsync();
        await StatusAsOfTests.Write(town, "/plans/mima-dx/measures/m12/start", new { on = "2023-04-01" });
        Assert.Equal(["k12"], (await Headquarters(town)).GetProperty("figuresDue").EnumerateArray().Select(d => d.Text("kpiId")));
        Assert.True((await Stored.ReadAsync(town.Tenant, Date, CancellationToken.None)).Stored);

        await StatusAsOfTests.Write(town, "/plans/mima-dx/kpis/k12/measurements", new { fiscalYear = 2025, quarter = 2, value = 5 }, Roles.Recorder);
        var status = await Headquarters(town);

        // k12 sums 5 of 200 over FY2023–FY2025: off_track, and its Q2 figure is no longer owed.
        Assert.Equal([("k12", "off_track")], status.GetProperty("attention").EnumerateArray().Select(a => (a.Text("kpiId"), a.Text("status"))));
        Assert.Empty(status.GetProperty("figuresDue").EnumerateArray());
        Assert.True((await Stored.ReadAsync(town.Tenant, Date, CancellationToken.None)).Stored);
    }

    [Fact]
    public async Task A_stored_row_changed_in_the_database_is_named_by_the_drift_check_and_as_of_reads_never_read_it()
    {
        var (changed, repinned, untouched) = (await api.NewTownAsync(), await api.NewTownAsync(), await api.NewTownAsync());
        var recorded = await StatusAsOfTests.Write(changed, "/plans/mima-dx/measures/m04/start", new { on = "2023-04-01" });
        await api.ProjectedAsync();
        foreach (var town in new[] { changed, repinned, untouched })
        {
            await Headquarters(town);
            await Headquarters(town);
            Assert.NotNull(await PinnedHashAsync(town, Date));
        }
        var check = api.Services.GetRequiredService<ProjectionDriftCheck>();
        IEnumerable<(string, string, string, string)> Ours(IReadOnlyList<DriftedDocument> all) =>
            all.Where(d => d.Tenant == changed.Tenant || d.Tenant == repinned.Tenant || d.Tenant == untouched.Tenant)
                .Select(d => (d.Tenant, d.Type, d.Id, d.Why.Split(' ')[0])).OrderBy(d => d.Tenant == changed.Tenant ? 0 : 1);
        Assert.Empty(Ours(await check.RunOnceAsync()));

        // Fourteen measures: m04 no_data, 13 not started; the administrator makes it 13 on track, and points another
        // municipality's row at a head of his own.
        await api.AdminSqlAsync($"UPDATE {Table} SET data = jsonb_set(data, '{{report,measures,onTrack}}', '13') WHERE tenant_id = $1", changed.Tenant);
        await api.AdminSqlAsync($"UPDATE {Table} SET data = jsonb_set(data, '{{pin,hash}}', to_jsonb(repeat('0', 64))) WHERE tenant_id = $1", repinned.Tenant);
        var drifted = await check.RunOnceAsync();

        var key = StoredHeadquartersReads.Key(Date);
        Assert.Equal([(changed.Tenant, nameof(StoredHeadquarters), key, "differs"), (repinned.Tenant, nameof(StoredHeadquarters), key, "its")], Ours(drifted));
        // The changed row is what the current read serves (the drift check is what names it); as of an instant, the
        // report is folded from the history and the row plays no part.
        Assert.Equal(13, (await Headquarters(changed)).GetProperty("measures").GetProperty("onTrack").GetInt32());
        var asOf = (await changed.ReadAsync($"/headquarters/status?asOf={Uri.EscapeDataString(recorded.RecordedAt)}&reportingDate=2025-11-20",
            Roles.Headquarters)).GetProperty("status");
        Assert.Equal((0, 1, 13), (asOf.GetProperty("measures").GetProperty("onTrack").GetInt32(), asOf.GetProperty("measures").GetProperty("noData").GetInt32(),
            asOf.GetProperty("measures").GetProperty("notStarted").GetInt32()));
    }

    [Fact]
    public async Task The_stored_rows_obey_row_level_security_like_every_other_table()
    {
        var (mima, other) = (await api.NewTownAsync(), await api.NewTownAsync());
        await Headquarters(mima);
        await Headquarters(other);

        await using var service = new NpgsqlConnection(api.Database.ConnectionString);
        await service.OpenAsync();
        await using (var set = new NpgsqlCommand($"select set_config('{StoreSetup.TenantSetting}', $1, false)", service) { Parameters = { new() { Value = mima.Tenant } } })
            await set.ExecuteNonQueryAsync();
        Assert.Equal([mima.Tenant], await TenantsAsync(service));
        await using (var forge = new NpgsqlCommand($"UPDATE {Table} SET data = data WHERE tenant_id = $1", service) { Parameters = { new() { Value = other.Tenant } } })
            Assert.Equal(0, await forge.ExecuteNonQueryAsync());
        await using (var insert = new NpgsqlCommand($"INSERT INTO {Table} (tenant_id, id, data) VALUES ($1, 'forged', '{{}}')", service) { Parameters = { new() { Value = other.Tenant } } })
            Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, (await Assert.ThrowsAsync<PostgresException>(() => insert.ExecuteNonQueryAsync())).SqlState);

        await using var daemon = new NpgsqlConnection(api.Database.DaemonConnectionString);
        await daemon.OpenAsync();
        Assert.Superset(new HashSet<string> { mima.Tenant, other.Tenant }, new HashSet<string>(await TenantsAsync(daemon)));
    }

    private static async Task<List<string>> TenantsAsync(NpgsqlConnection connection)
    {
        await using var command = new NpgsqlCommand($"select distinct tenant_id from {Table} order by tenant_id", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var tenants = new List<string>();
        while (await reader.ReadAsync())
            tenants.Add(reader.GetString(0));
        return tenants;
    }

    private static async Task<JsonElement> Headquarters(Town town) =>
        (await town.ReadAsync("/headquarters/status?reportingDate=2025-11-20", Roles.Headquarters)).GetProperty("status");
}
