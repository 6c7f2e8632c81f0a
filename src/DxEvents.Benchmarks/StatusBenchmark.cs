using System.Diagnostics;
using System.Text.Json;
using DxEvents.Api.Headquarters;
using DxEvents.Api.Infrastructure;
using DxEvents.Api.Plans;
using DxEvents.Domain;
using DxEvents.Domain.Fiscal;
using DxEvents.Domain.Kpis;
using DxEvents.Domain.Measures;
using DxEvents.Domain.Plans.Import;
using DxEvents.Domain.Reports;
using DxEvents.Domain.Status;
using DxEvents.EventStore;

namespace DxEvents.Benchmarks;

/// <summary>
/// The headquarters status read and an as-of reconstruction of one plan, on the Mima sample with a
/// figure for every KPI and quarter FY2023 Q1–FY2025 Q4, against the floor measured in the same run:
/// one round trip fetching the stored plan view (no rule evaluated). Latencies p50 and p99.
/// </summary>
internal static class StatusBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var iterations = StoreBenchmark.Option(args, "--iterations", 300);
        await using var db = await BenchDatabase.CreateAsync(ApiSchema.All);
        var store = new EventStore.EventStore(db.DataSource, [new PlanViewWriter()]);
        var views = new PlanViews(store);
        const string tenant = "mima";
        var (figures, midpoint) = await LoadAsync(store, tenant);
        var reportingDate = new DateOnly(2026, 4, 15);
        Console.WriteLine($"status benchmark: Mima sample, {figures} quarterly figures FY2023 Q1–FY2025 Q4, {iterations} iterations, database {db.Name}");

        var floor = await Time(iterations, async () => _ = await views.GetAsync(tenant, "mima-dx", CancellationToken.None));
        var headquarters = await Time(iterations, async () =>
        {
            var plans = await views.ListAsync(tenant, CancellationToken.None);
            _ = JsonSerializer.Serialize(HeadquartersRollup.Build(plans, reportingDate), EventCatalog.JsonOptions);
        });
        var asOf = await Time(iterations, async () =>
        {
            var view = await views.AsOfAsync(tenant, "mima-dx", midpoint, CancellationToken.None);
            _ = JsonSerializer.Serialize(StatusRule.Evaluate(view!, reportingDate, view!.Tolerances), EventCatalog.JsonOptions);
        });
        Report("stored plan view read (floor)", floor, floor);
        Report("headquarters status read", headquarters, floor);
        Report("as-of reconstruction of one plan", asOf, floor);
        return 0;
    }

    private static async Task<(int Figures, DateTimeOffset Midpoint)> LoadAsync(EventStore.EventStore store, string tenant)
    {
        var file = Path.Combine(Root(), "ops", "sample-data", "mima.plan.json");
        using var document = JsonDocument.Parse(await File.ReadAllBytesAsync(file));
        var accepted = (PlanImportAccepted)PlanDocumentReader.Read(document.RootElement);
        var metadata = new EventMetadata("bench", "plan import", null, null, null);
        await store.AppendAsync(tenant, PlanImport.Appends(accepted, metadata));
        var kpis = accepted.Events.OfType<KpiDefined>().ToList();
        foreach (var measure in kpis.Select(k => k.MeasureId).Distinct())
            await Append(store, tenant, new MeasureStarted("mima-dx", measure, new DateOnly(2023, 4, 1), null), metadata);
        var figures = 0;
        DateTimeOffset? midpoint = null;
        for (var quarter = new FiscalQuarter(new FiscalYear(2023), 1); quarter.Year.Year <= 2025; quarter = quarter.Next)
        {
            foreach (var kpi in kpis)
            {
                var value = kpi.Kind == KpiKind.Milestone ? 0m : 5m * (figures % 7 + 1);
                await Append(store, tenant, new KpiMeasured("mima-dx", kpi.KpiId, kpi.MeasureId, quarter.Year.Year, quarter.Number, value, null), metadata);
                figures++;
            }
            // As of the moment FY2024 Q2 was complete: half of the figures were known.
            if (quarter.Year.Year == 2024 && quarter.Number == 2)
                midpoint = DateTimeOffset.UtcNow;
        }
        return (figures, midpoint!.Value);
    }

    private static async Task Append(EventStore.EventStore store, string tenant, IDomainEvent e, EventMetadata metadata)
    {
        var (streamId, streamType) = StreamIds.For(e);
        await store.AppendAsync(tenant, new StreamAppend(streamId, streamType, ExpectedVersion.Any, [EventCodec.Encode(e, metadata)]));
    }

    private static async Task<List<double>> Time(int iterations, Func<Task> read)
    {
        for (var i = 0; i < 20; i++)
            await read();
        var samples = new List<double>(iterations);
        for (var i = 0; i < iterations; i++)
        {
            var clock = Stopwatch.StartNew();
            await read();
            samples.Add(clock.Elapsed.TotalMilliseconds);
        }
        samples.Sort();
        return samples;
    }

    private static void Report(string what, List<double> samples, List<double> floor)
    {
        static double P(List<double> s, double q) => s[Math.Min(s.Count - 1, (int)Math.Ceiling(q * s.Count) - 1)];
        Console.WriteLine($"{what,-36} p50 {P(samples, 0.50),7:F2} ms   p99 {P(samples, 0.99),7:F2} ms   p50 ratio to floor {P(samples, 0.50) / P(floor, 0.50),5:F1}");
    }

    private static string Root()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "DxEvents.sln")))
                return dir.FullName;
        throw new InvalidOperationException("Run from a checkout: ops/sample-data is needed.");
    }
}
