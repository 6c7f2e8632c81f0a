using DxEvents.Api.Projections;
using DxEvents.Api.Tests.Support;
using DxEvents.EventStore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace DxEvents.Api.Tests;

/// <summary>The async KPI figures table: kept by the daemon, and rebuilt from zero to the same rows.</summary>
public sealed class KpiFiguresProjectionTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private async Task<List<string>> Rows(Town town) =>
        await api.Store.InTenantAsync(town.Tenant, async (connection, tx) =>
        {
            await using var command = new NpgsqlCommand("""
                SELECT kpi_id, fiscal_year, quarter, value, first_value, corrections, last_actor, last_seq FROM dx_kpi_figures
                ORDER BY kpi_id, fiscal_year, quarter
                """, connection, tx);
            var rows = new List<string>();
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
                rows.Add(string.Join('|', Enumerable.Range(0, reader.FieldCount).Select(i => Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture))));
            return rows;
        });

    // The daemon works after commit: wait for the rows and the one correction to arrive.
    private async Task<List<string>> Eventually(Town town, int count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var rows = await Rows(town);
            if (rows.Count == count && rows.Any(r => r.Split('|')[5] == "1") || DateTime.UtcNow > deadline)
                return rows;
            await Task.Delay(100);
        }
    }

    [Fact]
    public async Task The_daemon_keeps_the_figures_and_a_rebuild_from_zero_gives_the_same_rows()
    {
        var town = await api.NewTownAsync();
        foreach (var (kpi, quarter, value) in new[] { ("k04", 1, 100), ("k04", 2, 150), ("k05", 1, 30) })
            Assert.True((await town.PostAsync($"/plans/mima-dx/kpis/{kpi}/measurements", new { fiscalYear = 2025, quarter, value })).IsSuccessStatusCode);
        Assert.True((await town.PostAsync("/plans/mima-dx/kpis/k04/measurements/2025/2/corrections", new { value = 160, reason = "集計漏れ" })).IsSuccessStatusCode);

        var live = await Eventually(town, 3);
        // Damage the table the way a bad deploy might: a rebuild must not depend on what is there.
        await api.Store.InTenantAsync(town.Tenant, async (connection, tx) =>
        {
            await using var damage = new NpgsqlCommand("UPDATE dx_kpi_figures SET value = 999, corrections = 7", connection, tx);
            return await damage.ExecuteNonQueryAsync();
        });
        var daemon = api.Services.GetRequiredService<ProjectionDaemon>();
        var replayed = await daemon.RebuildAsync(daemon.Projections.Single(p => p.Name == KpiFigures.ProjectionName));
        var rebuilt = await Rows(town);

        // Hand-written: k04 Q2 first recorded 150, corrected once to 160; the others uncorrected.
        Assert.Equal(["k04|2025|1|100|100|0", "k04|2025|2|160|150|1", "k05|2025|1|30|30|0"],
            live.Select(r => string.Join('|', r.Split('|').Take(6))));
        Assert.All(live, r => Assert.Equal("test office", r.Split('|')[6]));
        Assert.True(replayed >= 4);
        Assert.Equal(live, rebuilt);
    }
}
