using System.Net;
using System.Text.Json;
using DxEvents.Api.Auth;
using DxEvents.Api.Tests.Support;

namespace DxEvents.Api.Tests.Hostile;

/// <summary>
/// Issue 16, item 5: a figure changed directly in a projection row showed in the status answer beside a valid chain head, so
/// a printed report could carry numbers the history does not support. The answer now carries the report's digest, and
/// GET /audit/verify-report recomputes the report from the sealed history up to its head: the honest report verifies, the
/// one read from the changed row does not, and the history gives back the honest report's digest.
/// </summary>
public sealed class ReportDigestTests(ApiHost api) : IClassFixture<ApiHost>
{
    private const string Date = "2025-10-15";

    [Fact]
    public async Task A_report_read_from_a_changed_projection_row_fails_verification_and_the_history_gives_the_honest_digest()
    {
        var town = await api.NewTownAsync();
        await town.PostAsync("/plans/mima-dx/measures/m04/start", new { on = "2023-04-01" });
        await town.PostAsync("/plans/mima-dx/kpis/k04/measurements", new { fiscalYear = 2025, quarter = 2, value = 180 });
        await api.ProjectedAsync();
        var honest = await town.ReadAsync($"/plans/mima-dx/status?reportingDate={Date}", Roles.Headquarters);

        await api.AdminSqlAsync("""
            UPDATE dxevents.mt_doc_kpipart SET data = jsonb_set(data, '{view,figures,0,value}', '290')
            WHERE tenant_id = $1 AND id = 'plan/mima-dx/kpi/k04'
            """, town.Tenant);
        var changed = await town.ReadAsync($"/plans/mima-dx/status?reportingDate={Date}", Roles.Headquarters);
        var honestCheck = await VerifyAsync(town, honest);
        var changedCheck = await VerifyAsync(town, changed);

        Assert.Equal(180m, K04(honest).GetProperty("value").GetDecimal());
        Assert.Equal(290m, K04(changed).GetProperty("value").GetDecimal());
        Assert.Equal(Hash(honest), Hash(changed));
        Assert.NotEqual(Digest(honest), Digest(changed));
        Assert.True(honestCheck.GetProperty("ok").GetBoolean(), honestCheck.GetRawText());
        Assert.Equal(Digest(honest), honestCheck.Text("recomputed"));
        Assert.False(changedCheck.GetProperty("ok").GetBoolean());
        Assert.True(changedCheck.GetProperty("chainOk").GetBoolean());
        Assert.Equal(Digest(honest), changedCheck.Text("recomputed"));
    }

    [Fact]
    public async Task An_as_of_report_verifies_with_its_instant_and_not_as_another_reporting_date_or_plan()
    {
        var town = await api.NewTownAsync();
        await town.PostAsync("/plans/mima-dx/measures/m04/start", new { on = "2023-04-01" });
        await town.PostAsync("/plans/mima-dx/kpis/k04/measurements", new { fiscalYear = 2025, quarter = 1, value = 150 });
        var asOf = (await town.EventsAsync())[^1].RecordedAt.ToString("O");
        await town.PostAsync("/plans/mima-dx/kpis/k04/measurements", new { fiscalYear = 2025, quarter = 2, value = 180 });
        await api.ProjectedAsync();
        var then = await town.ReadAsync($"/plans/mima-dx/status?asOf={Uri.EscapeDataString(asOf)}&reportingDate={Date}", Roles.Headquarters);

        var asItWas = await VerifyAsync(town, then, asOf);
        var withoutInstant = await VerifyAsync(town, then);
        var otherDate = await VerifyAsync(town, then, asOf, "2026-01-15");
        var otherPlan = await VerifyAsync(town, then, asOf, plan: "no-such-plan");

        Assert.True(asItWas.GetProperty("ok").GetBoolean(), asItWas.GetRawText());
        // Without its instant the check reads everything up to the head: here the head is the instant's, so the same report.
        Assert.True(withoutInstant.GetProperty("ok").GetBoolean(), withoutInstant.GetRawText());
        Assert.False(otherDate.GetProperty("ok").GetBoolean());
        Assert.False(otherPlan.GetProperty("ok").GetBoolean());
        Assert.Equal(JsonValueKind.Null, otherPlan.GetProperty("recomputed").ValueKind);
    }

    [Fact]
    public async Task A_claim_missing_its_parts_is_a_400_naming_each_and_the_check_needs_the_audit_role()
    {
        var town = await api.NewTownAsync();
        await api.ProjectedAsync();

        var missing = await town.GetAsync("/audit/verify-report?plan=mima-dx&digest=xyz", Roles.Auditor, HttpStatusCode.BadRequest);
        await town.GetAsync($"/audit/verify-report?plan=mima-dx&reportingDate={Date}&head={new string('a', 64)}&digest={new string('b', 64)}",
            Roles.Headquarters, HttpStatusCode.Forbidden);

        Assert.Equal(["/reportingDate", "/head", "/digest"], Answers.Pointers(await missing.ProblemAsync("/digest")));
    }

    private static Task<JsonElement> VerifyAsync(Town town, JsonElement answer, string? asOf = null, string date = Date, string plan = "mima-dx") =>
        town.ReadAsync($"/audit/verify-report?plan={plan}&reportingDate={date}&head={Hash(answer)}&digest={Digest(answer)}" +
            (asOf is null ? "" : $"&asOf={Uri.EscapeDataString(asOf)}"), Roles.Auditor);

    private static string Hash(JsonElement answer) => answer.GetProperty("chain").Text("hash")!;

    private static string Digest(JsonElement answer) => answer.Text("reportDigest")!;

    private static JsonElement K04(JsonElement answer) =>
        answer.GetProperty("status").GetProperty("pillars").EnumerateArray().SelectMany(p => p.GetProperty("measureStatuses").EnumerateArray())
            .SelectMany(m => m.GetProperty("kpis").EnumerateArray()).Single(k => k.Text("kpiId") == "k04");
}
