using DxEvents.Api.Auth;
using DxEvents.Api.EventStore;
using DxEvents.Api.Plans;
using DxEvents.Cli.Seed;
using DxEvents.Cli.Tests.Support;
using DxEvents.Testing;
using Marten.Events;
using Microsoft.Extensions.DependencyInjection;

namespace DxEvents.Cli.Tests;

/// <summary>dxevents seed --bulk into a database of its own, then the service started on it: Marten's COPY and its rebuild of
/// the plan view give the status reads and the daemon's chains as the service's own appends do; a database with a real
/// municipality is refused.</summary>
public sealed class SeedBulkTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    [Fact]
    public async Task Bulk_seeded_municipalities_read_and_verify_like_appended_ones_and_real_ones_are_never_rebuilt()
    {
        var seeded = await SeedCommand.RunAsync(database.ConnectionString, 2, years: 2, parallel: 2, SyntheticNation.DefaultSeed, TextWriter.Null, default, bulk: true);
        Assert.Equal(2, seeded.Municipalities);

        await using var host = await ServiceHost<PlanViews>.StartAsync(database.ConnectionString);
        // The auditors' keys are events too (ApiKeyCreated, one per municipality): made before waiting for the sealer.
        var auditors = new Dictionary<string, Caller>();
        foreach (var m in SyntheticNation.Take(2))
            auditors[m.Tenant] = new Caller(host, await host.Services.GetRequiredService<ApiKeys>().CreateAsync(m.Tenant, Roles.Auditor, "bulk test"));
        await host.Services.GetRequiredService<IDaemonStore>().WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(30));
        var counted = 0L;
        foreach (var m in SyntheticNation.Take(2))
        {
            var auditor = auditors[m.Tenant];
            var plan = (await auditor.GetAsync($"/api/{m.Tenant}/plans/{m.PlanId}/status?reportingDate=2026-06-01")).GetProperty("status");
            Assert.StartsWith(SyntheticNation.Marker, plan.GetProperty("title").GetString(), StringComparison.Ordinal);
            Assert.NotEmpty(plan.GetProperty("pillars").EnumerateArray());
            var verify = await auditor.GetAsync($"/api/{m.Tenant}/audit/verify");
            Assert.True(verify.GetProperty("ok").GetBoolean(), verify.GetRawText());
            counted += verify.GetProperty("count").GetInt64();
        }
        Assert.Equal(seeded.Events + 2, counted);

        var office = new Caller(host, await host.Services.GetRequiredService<ApiKeys>().CreateAsync("mima", Roles.Office, "bulk test"));
        await Mima.ImportAsync(office, "mima");
        await Assert.ThrowsAsync<RealMunicipalitiesException>(() =>
            SeedCommand.RunAsync(database.ConnectionString, 3, years: 2, parallel: 2, SyntheticNation.DefaultSeed, TextWriter.Null, default, bulk: true));
    }
}
