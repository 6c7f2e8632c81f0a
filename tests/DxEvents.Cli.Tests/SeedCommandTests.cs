using System.Text.Json;
using DxEvents.Cli.Seed;
using DxEvents.Cli.Tests.Support;
using Measured = DxEvents.Domain.Kpis.KpiMeasured;
using DxEvents.Domain;

namespace DxEvents.Cli.Tests;

/// <summary>dxevents seed with a few municipalities, on the real service's database: the service reads their plans' status,
/// every title says it is synthetic, the daemon seals their chains and they verify; seeding again adds nothing.</summary>
public sealed class SeedCommandTests(Server server) : IClassFixture<Server>
{
    private const int Municipalities = 3;
    private const string ReportingDate = "2026-06-01";

    [Fact]
    public async Task Seeded_municipalities_have_synthetic_plans_the_status_reads_and_chains_that_verify()
    {
        var seeded = await SeedCommand.RunAsync(server.Database.ConnectionString, Municipalities, years: 2, parallel: 2, SyntheticNation.DefaultSeed, TextWriter.Null, default);
        // The readers' keys are events too (ApiKeyCreated, one per municipality): made before the chains are sealed.
        var readers = new Dictionary<string, Caller>();
        foreach (var m in SyntheticNation.Take(Municipalities))
            readers[m.Tenant] = await server.CallerAsync(m.Tenant, Api.Auth.Roles.Auditor);
        await server.SealedAsync();

        Assert.Equal((Municipalities, 0), (seeded.Municipalities, seeded.Skipped));
        var perMunicipality = new List<long>();
        foreach (var m in SyntheticNation.Take(Municipalities))
        {
            Assert.Matches("^syn-[0-9]{4}$", m.Tenant);
            Assert.StartsWith("合成", m.Name, StringComparison.Ordinal);
            var reader = readers[m.Tenant];

            var headquarters = (await reader.GetAsync($"/api/{m.Tenant}/headquarters/status?reportingDate={ReportingDate}")).GetProperty("status");
            var plan = Assert.Single(headquarters.GetProperty("plans").EnumerateArray());
            Assert.Equal(m.PlanId, plan.GetProperty("planId").GetString());
            Assert.Equal(m.Name, headquarters.GetProperty("municipality").GetProperty("name").GetString());

            var status = (await reader.GetAsync($"/api/{m.Tenant}/plans/{m.PlanId}/status?reportingDate={ReportingDate}")).GetProperty("status");
            var titles = Titles(status).ToList();
            Assert.True(titles.Count > 10, $"{m.Tenant}: only {titles.Count} titles");
            Assert.All(titles, t => Assert.StartsWith(SyntheticNation.Marker, t, StringComparison.Ordinal));
            var kpis = status.GetProperty("pillars").EnumerateArray().SelectMany(p => p.GetProperty("measureStatuses").EnumerateArray())
                .SelectMany(s => s.GetProperty("kpis").EnumerateArray()).ToList();
            // Eight quarters of figures each, FY2025 Q4 the latest, judged by the rule; only an average over a target year
            // after FY2025 (a target past the plan's end, as Mima's k03 has) has no figure in its window yet.
            Assert.NotEmpty(kpis);
            Assert.All(kpis, k => Assert.True(k.GetProperty("latest") is { ValueKind: JsonValueKind.Object } latest
                ? (latest.GetProperty("fiscalYear").GetInt32(), latest.GetProperty("quarter").GetInt32()) == (2025, 4)
                : k.GetProperty("combine").GetString() == "average" && k.GetProperty("window").GetProperty("fromFiscalYear").GetInt32() > 2025, k.GetRawText()));

            var verify = await reader.GetAsync($"/api/{m.Tenant}/audit/verify");
            Assert.True(verify.GetProperty("ok").GetBoolean(), verify.GetRawText());
            Assert.Equal(0, verify.GetProperty("unsealed").GetInt64());
            perMunicipality.Add(verify.GetProperty("count").GetInt64());

            var corrections = await reader.GetAsync($"/api/{m.Tenant}/audit/events?type=KpiMeasurementCorrected,BudgetRevised&limit=1000");
            Assert.All(corrections.GetProperty("events").EnumerateArray(), e =>
                Assert.False(string.IsNullOrWhiteSpace(e.GetProperty("metadata").GetProperty("reason").GetString()), e.GetRawText()));
        }
        Assert.Equal(seeded.Events + Municipalities, perMunicipality.Sum());

        var again = await SeedCommand.RunAsync(server.Database.ConnectionString, Municipalities, years: 2, parallel: 2, SyntheticNation.DefaultSeed, TextWriter.Null, default);
        Assert.Equal((0, Municipalities, 0L), (again.Municipalities, again.Skipped, again.Events));
    }

    [Fact]
    public void The_same_seed_makes_the_same_municipality_and_every_event_is_one_of_the_catalogue()
    {
        var history = new SyntheticHistory(new SyntheticPlans(RealPlans.Load()));
        var m = SyntheticNation.Take(12)[11];
        var (first, second) = (history.Build(m, 5, 42), history.Build(m, 5, 42));
        var other = history.Build(m, 5, 43);

        Assert.Equal(Serialized(first), Serialized(second));
        Assert.NotEqual(Serialized(first), Serialized(other));
        Assert.All(first.Batches.SelectMany(b => b.Events), e => Assert.Contains(e.Event.GetType(), EventCatalog.EventTypes));
        // Twenty quarters of figures for every KPI, recorded-at rising in the order the store appends.
        var kpis = first.Plan.Events.OfType<Domain.Kpis.KpiDefined>().Count();
        Assert.Equal(20 * kpis, first.Batches.SelectMany(b => b.Events).Count(e => e.Event is Measured));
        var recorded = first.Batches.SelectMany(b => b.Events).Select(e => e.RecordedAt).Prepend(first.ImportedAt).ToList();
        Assert.Equal(recorded.Order(), recorded);
    }

    [Fact]
    public async Task Seed_refuses_a_number_of_municipalities_out_of_range()
    {
        var root = new System.CommandLine.RootCommand { SeedCommand.Create() };
        var result = root.Parse(["seed", "--municipalities", "0"]);
        Assert.NotEmpty(result.Errors);
        Assert.Equal(1, await result.InvokeAsync(new System.CommandLine.InvocationConfiguration { Error = TextWriter.Null, Output = TextWriter.Null }));
    }

    private static IEnumerable<string> Titles(JsonElement status) =>
        new[] { status.GetProperty("title").GetString()! }
            .Concat(status.GetProperty("pillars").EnumerateArray().SelectMany(p =>
                p.GetProperty("measureStatuses").EnumerateArray().SelectMany(s =>
                    s.GetProperty("kpis").EnumerateArray().Select(k => k.GetProperty("name").GetString()!).Prepend(s.GetProperty("title").GetString()!))
                .Prepend(p.GetProperty("title").GetString()!)));

    private static List<string> Serialized(SeededMunicipality m) =>
        [.. m.Plan.Events.Concat(m.Batches.SelectMany(b => b.Events).Select(e => e.Event)).Select(e => EventCatalog.Serialize(e).Json),
            .. m.Batches.SelectMany(b => b.Events).Select(e => $"{e.StreamId} {e.RecordedAt:O} {e.Metadata.Actor} {e.Metadata.Reason} {e.Metadata.CorrelationId}")];
}
