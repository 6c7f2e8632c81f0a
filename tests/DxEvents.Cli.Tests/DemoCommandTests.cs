using System.Text.Json;
using DxEvents.Cli.Seed;
using DxEvents.Cli.Tests.Support;

namespace DxEvents.Cli.Tests;

/// <summary>dxevents demo (what ./ops/run --demo-keys loads): the sample plans as published with a demonstration history that
/// the service reads as progress — measures under way, figures with a correction, a budget revision — every actor marked
/// 【デモ】, nothing recorded after today, the chains verifying; run again, it appends nothing.</summary>
public sealed class DemoCommandTests(Server server) : IClassFixture<Server>
{
    private static readonly DateOnly Today = new(2026, 12, 6);

    [Fact]
    public async Task The_sample_plans_come_with_a_marked_demonstration_history_that_the_pages_read_as_progress()
    {
        var lines = await DemoCommand.RunAsync(server.Database.ConnectionString, Today, default);
        await server.SealedAsync();

        Assert.Equal(3, lines.Count(l => l.Contains("demonstration history", StringComparison.Ordinal)));
        var mima = await server.CallerAsync("mima", Api.Auth.Roles.Auditor);
        var status = (await mima.GetAsync("/api/mima/plans/mima-dx/status?reportingDate=2026-04-15")).GetProperty("status");
        var measures = status.GetProperty("pillars").EnumerateArray().SelectMany(p => p.GetProperty("measureStatuses").EnumerateArray()).ToList();
        Assert.Contains(measures, m => m.GetProperty("lifecycle").GetString() != "planned");
        var judged = measures.SelectMany(m => m.GetProperty("kpis").EnumerateArray())
            .Select(k => k.GetProperty("status").GetString()).Where(s => s is not ("not_started" or "no_data")).ToList();
        Assert.True(judged.Count >= 5, $"only {judged.Count} KPIs judged");

        // The access stream holds only this test's own key (ApiKeyCreated); the demonstration is everything else.
        var events = (await mima.GetAsync("/api/mima/audit/events?limit=1000")).GetProperty("events").EnumerateArray()
            .Where(e => e.GetProperty("streamId").GetString() != Domain.StreamIds.Access).ToList();
        var types = events.Select(e => e.GetProperty("type").GetString()).ToHashSet();
        Assert.Superset(new HashSet<string?> { "MeasureStarted", "KpiMeasured", "KpiMeasurementCorrected", "BudgetRevised" }, types);
        Assert.All(events, e => Assert.StartsWith(SyntheticHistory.DemoMarker, e.GetProperty("metadata").GetProperty("actor").GetString(), StringComparison.Ordinal));
        Assert.All(events, e => Assert.True(DateOnly.FromDateTime(e.GetProperty("recordedAt").GetDateTimeOffset().UtcDateTime) < Today, e.GetRawText()));
        Assert.Equal("美馬市DX推進計画", status.GetProperty("title").GetString());

        // The README's API tour starts m04 and records k04's FY2025 Q2 figure: the demo leaves both to it.
        var m04 = measures.Single(m => m.GetProperty("measureId").GetString() == "m04");
        Assert.Equal("planned", m04.GetProperty("lifecycle").GetString());
        Assert.DoesNotContain(events, e => e.GetProperty("streamId").GetString() is "plan/mima-dx/measure/m04" or "plan/mima-dx/kpi/k04"
            && e.GetProperty("version").GetInt64() > 1 && e.GetProperty("type").GetString() is not ("BudgetPlanned" or "ScheduleItemPlanned"));

        var verify = await mima.GetAsync("/api/mima/audit/verify");
        Assert.True(verify.GetProperty("ok").GetBoolean(), verify.GetRawText());

        var again = await DemoCommand.RunAsync(server.Database.ConnectionString, Today, default);
        Assert.All(again, l => Assert.Contains("left alone", l, StringComparison.Ordinal));
        var after = (await mima.GetAsync("/api/mima/audit/verify")).GetProperty("count").GetInt64();
        Assert.Equal(verify.GetProperty("count").GetInt64(), after);
    }
}
