using System.Globalization;
using System.Text.Json;
using DxEvents.Api.Auth;
using DxEvents.Api.Plans;
using DxEvents.Cli.Tests.Support;
using DxEvents.Integrity;

namespace DxEvents.Cli.Tests;

/// <summary>
/// Issue 5's test: the Mima sample with generated quarterly figures (FY2023 Q1 – FY2025 Q2, every KPI), a correction, a budget
/// and a tolerance revision, a suspension; exported; then replayed offline at three instants. The replay's JSON equals the
/// server's, field by field, for the plan status and the headquarters rollup at each instant.
/// </summary>
public sealed class ReplayTests(Server server) : IClassFixture<Server>
{
    private const string Plan = Mima.Plan;

    [Fact]
    public async Task Replay_from_an_export_equals_the_servers_status_at_three_instants()
    {
        var tenant = Mima.NewTenant();
        var (office, auditor) = (await server.CallerAsync(tenant, Roles.Office), await server.CallerAsync(tenant, Roles.Auditor));
        var kpis = await Mima.ImportAsync(office, tenant);

        foreach (var measure in kpis.Select(k => k.Measure).Where(m => m != "m14"))
            await office.PostAsync(Url(tenant, $"{Plan}/measures/{measure}/start"), new { on = "2023-04-01" });
        var first = await FiguresAsync(office, tenant, kpis, 2023, [1, 2, 3, 4]);
        await FiguresAsync(office, tenant, kpis, 2024, [1, 2, 3, 4]);
        await office.PostAsync(Url(tenant, $"{Plan}/kpis/k04/measurements/2024/2/corrections"), new { value = 95, reason = "出先機関の利用者を集計漏れ" });
        await office.PostAsync(Url(tenant, $"{Plan}/measures/m04/budget/2025/revisions"),
            new { total = 1500, generalFunds = 750, funding = new[] { new { source = "交付金", amount = 750 } }, reason = "9月補正予算" });
        var second = RecordedAt(await office.PostAsync(Url(tenant, $"{Plan}/tolerance-revisions"), new { onTrack = 0.05, atRisk = 0.2, reason = "本部会議決定" }));
        await FiguresAsync(office, tenant, kpis, 2025, [1, 2]);
        var third = RecordedAt(await office.PostAsync(Url(tenant, $"{Plan}/measures/m13/suspend"), new { on = "2025-09-30", reason = "担当者不在" }));

        // The chain is sealed by the daemon, off the append path: wait for it to pass everything, then export.
        await server.SealedAsync();
        var bundle = await Mima.ExportAsync(auditor, tenant, null);
        var (manifest, verification) = await new BundleFile(bundle).VerifyAsync();
        Assert.True(verification.Ok, verification.Break?.Detail);
        var online = await auditor.GetAsync(Url(tenant, "/audit/verify"));
        Assert.Equal((true, manifest.Head.Hash, 0L), (online.GetProperty("ok").GetBoolean(), online.GetProperty("head").GetProperty("hash").GetString(),
            online.GetProperty("unsealed").GetInt64()));
        Assert.Equal(await server.AdminScalarAsync<long>("select count(*) from dxevents.mt_events where tenant_id = $1 and type <> 'tombstone'", tenant),
            manifest.Count);

        var compared = 0;
        foreach (var (asOf, reportingDate) in new[] { (first, null), (second, "2025-10-15"), (third, null) })
            compared += await AssertSameAsync(auditor, tenant, bundle, asOf, reportingDate);
        // A bundle cut at the second instant (until=) is a chain of its own and replays to the same answers.
        var cut = await Mima.ExportAsync(auditor, tenant, second);
        Assert.True((await new BundleFile(cut).VerifyAsync()).Verification.Ok);
        compared += await AssertSameAsync(auditor, tenant, cut, second, null);
        Assert.True(compared > 4 * 1000, $"only {compared} values compared");
    }

    /// <summary>Plan status and headquarters rollup, server against replay; returns how many values were compared.</summary>
    private static async Task<int> AssertSameAsync(Caller client, string tenant, string bundle, string asOf, string? reportingDate)
    {
        var query = $"?asOf={Uri.EscapeDataString(asOf)}" + (reportingDate is null ? "" : $"&reportingDate={reportingDate}");
        var at = PlanReads.ParseInstant(asOf, "asOf");
        var date = reportingDate is null ? (DateOnly?)null : DateOnly.ParseExact(reportingDate, "yyyy-MM-dd", CultureInfo.InvariantCulture);
        var file = new BundleFile(bundle);

        var plan = await client.GetAsync(Url(tenant, $"{Plan}/status{query}"));
        var headquarters = await client.GetAsync(Url(tenant, $"/headquarters/status{query}"));
        var replayedPlan = Json((await BundleReplay.RunAsync(file, at, date, "mima-dx")).Answer);
        var replayedHeadquarters = Json((await BundleReplay.RunAsync(file, at, date, null)).Answer);

        JsonCompare.Equal(plan, replayedPlan);
        JsonCompare.Equal(headquarters, replayedHeadquarters);
        Assert.Equal(plan.GetProperty("chain").GetProperty("hash").GetString(),
            (await client.GetAsync(Url(tenant, $"/audit/verify?head={plan.GetProperty("chain").GetProperty("hash").GetString()}")))
                .GetProperty("pinned").GetProperty("hash").GetString());
        return JsonCompare.Leaves(plan) + JsonCompare.Leaves(headquarters);
    }

    private static JsonElement Json(object answer) =>
        JsonDocument.Parse(JsonSerializer.Serialize(answer, answer.GetType(), BundleReplay.Json)).RootElement.Clone();

    /// <summary>One figure per KPI and quarter, generated: KPIs run ahead of, on and behind their targets by their index.</summary>
    private static async Task<string> FiguresAsync(Caller client, string tenant, IReadOnlyList<(string Kpi, string Measure, string Kind, decimal Target)> kpis,
        int fiscalYear, int[] quarters)
    {
        var last = "";
        foreach (var quarter in quarters)
            foreach (var (kpi, index) in kpis.Select((k, i) => (k, i)))
            {
                var step = (fiscalYear - 2023) * 4 + quarter;
                var pace = 0.5m + 0.1m * (index % 7);
                var value = kpi.Kind switch
                {
                    "flow" => Math.Round(kpi.Target / 12 * pace, 0),
                    "rate" => Math.Round(40 + step * 2.5m * pace, 1),
                    _ => Math.Round(kpi.Target * step / 12 * pace, 0),
                };
                last = RecordedAt(await client.PostAsync(Url(tenant, $"{Plan}/kpis/{kpi.Kpi}/measurements"), new { fiscalYear, quarter, value }));
            }
        return last;
    }

    private static string RecordedAt(JsonElement accepted) => accepted.GetProperty("events")[0].GetProperty("recordedAt").GetString()!;

    private static string Url(string tenant, string path) => Mima.Url(tenant, path);
}
