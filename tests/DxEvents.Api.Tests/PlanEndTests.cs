using System.Text.Json;
using DxEvents.Api.Auth;
using DxEvents.Api.Tests.Support;
using DxEvents.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace DxEvents.Api.Tests;

/// <summary>Issue 21 item 0: the Mima sample plan runs FY2023–FY2025 and has ended (2026-03-31); read after that, with or without
/// a reporting date, it is its final evaluation.</summary>
public sealed class PlanEndTests(PlanEndTests.AfterThePlanHost api) : IClassFixture<PlanEndTests.AfterThePlanHost>
{
    /// <summary>The service on 6 Dec 2026 in Japan, eight months after the sample plans ended.</summary>
    public sealed class AfterThePlanHost : ApiHost
    {
        protected override void Configure(IWebHostBuilder builder) => builder.ConfigureTestServices(services =>
        {
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(new FixedClock(new DateTimeOffset(2026, 12, 6, 10, 0, 0, TimeSpan.FromHours(9))));
        });
    }

    private const string K04 = "/plans/mima-dx/kpis/k04";

    [Fact]
    public async Task An_ended_sample_plan_is_judged_at_its_end_on_first_open_and_says_so()
    {
        var town = await api.NewTownAsync();
        await town.PostAsync("/plans/mima-dx/measures/m04/start", new { on = "2023-04-01" });
        await town.PostAsync($"{K04}/measurements", new { fiscalYear = 2025, quarter = 3, value = 210 }, Roles.Recorder);
        await town.PostAsync($"{K04}/measurements", new { fiscalYear = 2025, quarter = 4, value = 222 }, Roles.Recorder);

        // k04 (LoGoチャット利用者数): level, target 240 at the end of FY2025, no baseline. At the plan's last day, 2026-03-31, the
        // whole span 2023-04-01..2026-03-31 has passed: e = 1. Latest FY2025 Q4 = 222 → p = 222 / 240 = 0.925 ≥ 1 − 0.10: on_track.
        // Read on 2026-12-06 as the rule stood before, the last two closed quarters (FY2026 Q1–Q2) lie after the plan: no_data.
        var answer = await town.ReadAsync("/plans/mima-dx/status?reportingDate=2026-12-06", Roles.Headquarters);
        var status = answer.GetProperty("status");
        var k04 = status.KpiStatus("k04");
        Assert.Equal((222m, 0.925m, 1m, "on_track"),
            (k04.GetProperty("value").GetDecimal(), k04.GetProperty("progress").GetDecimal(), k04.GetProperty("expected").GetDecimal(), k04.Text("status")));
        Assert.Equal(("2026-12-06", "2026-03-31", true, "計画期間終了：FY2025（令和7年度）末時点の最終評価"),
            (status.Text("reportingDate"), status.Text("effectiveDate"), status.GetProperty("finalEvaluation").GetBoolean(), status.Text("finalEvaluationNote")));
        Assert.Equal((2025, 4), (status.GetProperty("lastClosedQuarter").GetProperty("fiscalYear").GetInt32(),
            status.GetProperty("lastClosedQuarter").GetProperty("quarter").GetInt32()));

        // First open: no reporting date means today, 2026-12-06, after the plan: the same final evaluation.
        var today = (await town.ReadAsync("/plans/mima-dx/status", Roles.Headquarters)).GetProperty("status");
        Assert.Equal(("2026-03-31", "on_track"), (today.Text("effectiveDate"), today.KpiStatus("k04").Text("status")));

        // During the plan it is not a final evaluation.
        var during = (await town.ReadAsync("/plans/mima-dx/status?reportingDate=2025-11-20", Roles.Headquarters)).GetProperty("status");
        Assert.Equal((false, "2025-11-20", JsonValueKind.Null),
            (during.GetProperty("finalEvaluation").GetBoolean(), during.Text("effectiveDate"), during.GetProperty("finalEvaluationNote").ValueKind));

        // The headquarters' rollup says it per plan.
        var plan = (await town.ReadAsync("/headquarters/status?reportingDate=2026-12-06", Roles.Headquarters)).GetProperty("status").GetProperty("plans")[0];
        Assert.Equal((true, "2026-03-31"), (plan.GetProperty("finalEvaluation").GetBoolean(), plan.Text("effectiveDate")));
        var english = (await town.ReadAsync("/plans/mima-dx/status?reportingDate=2026-12-06", Roles.Headquarters, "en")).GetProperty("status");
        Assert.Equal("Plan period ended: the final evaluation as of the end of FY2025（令和7年度）", english.Text("finalEvaluationNote"));
    }
}
