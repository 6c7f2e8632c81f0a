using DxEvents.Api.Auth;
using DxEvents.Cli.Tests.Support;

namespace DxEvents.Cli.Tests;

/// <summary>
/// Issue 16, item 5 offline: a status report's digest, as the service answered it from its projection rows, is recomputed by
/// <c>dxevents verify BUNDLE --report</c> from the exported history alone; a digest the history does not give is refused,
/// and so is the same report claimed for another reporting date or a plan that history does not hold.
/// </summary>
public sealed class OfflineReportDigestTests(Server server) : IClassFixture<Server>
{
    [Fact]
    public async Task A_reports_digest_is_recomputed_offline_from_the_bundle_up_to_its_head_and_a_wrong_one_exits_1()
    {
        var tenant = Mima.NewTenant();
        var (office, auditor) = (await server.CallerAsync(tenant, Roles.Office), await server.CallerAsync(tenant, Roles.Auditor));
        await Mima.ImportAsync(office, tenant);
        await office.PostAsync(Mima.Url(tenant, $"{Mima.Plan}/measures/m04/start"), new { on = "2023-04-01" });
        await office.PostAsync(Mima.Url(tenant, $"{Mima.Plan}/kpis/k04/measurements"), new { fiscalYear = 2025, quarter = 1, value = 150 });
        await office.PostAsync(Mima.Url(tenant, $"{Mima.Plan}/kpis/k04/measurements"), new { fiscalYear = 2025, quarter = 2, value = 180 });
        await server.SealedAsync();
        var status = await auditor.GetAsync(Mima.Url(tenant, $"{Mima.Plan}/status?reportingDate=2025-10-15"));
        var (digest, head) = (status.GetProperty("reportDigest").GetString()!, status.GetProperty("chain").GetProperty("hash").GetString()!);
        // A later figure: the report's head, not the bundle's end, says which history the report was computed from.
        await office.PostAsync(Mima.Url(tenant, $"{Mima.Plan}/kpis/k04/measurements"), new { fiscalYear = 2025, quarter = 3, value = 260 });
        await server.SealedAsync();
        var bundle = await Mima.ExportAsync(auditor, tenant, null);

        string[] Claim(string d, string date, string plan = "mima-dx") => [bundle, "--report", d, "--head", head, "--plan", plan, "--reporting-date", date];
        var matches = await VerifyRun.RunAsync(Claim(digest, "2025-10-15"));
        var altered = await VerifyRun.RunAsync(Claim((digest[0] == '0' ? "1" : "0") + digest[1..], "2025-10-15"));
        var otherDate = await VerifyRun.RunAsync(Claim(digest, "2026-01-15"));
        var otherPlan = await VerifyRun.RunAsync(Claim(digest, "2025-10-15", "no-such-plan"));
        var incomplete = await VerifyRun.RunAsync(bundle, "--report", digest, "--plan", "mima-dx");

        Assert.Equal(0, matches.Exit);
        Assert.Contains("report matches: the history up to position", matches.Output, StringComparison.Ordinal);
        Assert.Contains(digest, matches.Output, StringComparison.Ordinal);
        Assert.Equal(1, altered.Exit);
        Assert.Contains("report does NOT match", altered.Output, StringComparison.Ordinal);
        Assert.Contains($"gives digest {digest}", altered.Output, StringComparison.Ordinal);
        Assert.Equal(1, otherDate.Exit);
        Assert.Equal(1, otherPlan.Exit);
        Assert.Contains("no such report", otherPlan.Output, StringComparison.Ordinal);
        Assert.Equal(2, incomplete.Exit);
        Assert.Contains("--reporting-date", incomplete.Output, StringComparison.Ordinal);
        Assert.Contains("--head", incomplete.Output, StringComparison.Ordinal);
    }
}
