using DxEvents.Api.Projections;
using DxEvents.Domain;
using DxEvents.Domain.Kpis;
using DxEvents.Domain.Measures;
using DxEvents.Domain.Plans;
using Marten;

namespace DxEvents.EventStore.Tests.Support;

/// <summary>A small plan (one measure, KPIs k1…kn) and its events, built by hand so expectations can be too.</summary>
internal static class Plans
{
    public const string Plan = "mima-dx";
    public const string Measure = "m1";

    public static string Tenant() => "t-" + Guid.NewGuid().ToString("N")[..12];

    public static string KpiStream(string kpi) => StreamIds.Kpi(Plan, kpi);

    public static string MeasureStream(string measure = Measure) => StreamIds.Measure(Plan, measure);

    public static KpiMeasured Measured(string kpi, int quarter, decimal value, string? note = null) =>
        new(Plan, kpi, Measure, 2025, quarter, value, note);

    public static KpiMeasurementCorrected Corrected(string kpi, int quarter, decimal value, decimal previous) =>
        new(Plan, kpi, Measure, 2025, quarter, value, previous, "集計漏れ");

    public static MeasureRegistered Registered(string measure = Measure) => new(Plan, measure, "p1", "窓口のデジタル化", null, null);

    public static MeasureStarted Started(string measure = Measure) => new(Plan, measure, new DateOnly(2025, 4, 1), null);

    public static BudgetRevised Budget(string measure, long total) =>
        new(Plan, measure, 2025, new BudgetFigures(total, total, []), null, "補正予算");

    /// <summary>The plan, its measure and <paramref name="kpis"/> KPIs, in one session: the inline plan view needs them first.</summary>
    public static async Task SeedAsync(IDocumentStore store, string tenant, int kpis = 2)
    {
        await using var session = store.LightweightSession(tenant);
        session.LastModifiedBy = "seed";
        session.Events.StartStream(StreamIds.Plan(Plan), new PlanAdopted(Plan, "美馬市DX推進計画",
            new Municipality("美馬市", "徳島県", "362077"), "2023-03", 2023, 2027, null, "千円", Tolerances.Default));
        session.Events.StartStream(MeasureStream(), Registered());
        for (var k = 1; k <= kpis; k++)
            session.Events.StartStream(KpiStream($"k{k}"), new KpiDefined(Plan, $"k{k}", Measure, $"KPI {k}", "件",
                KpiKind.Flow, null, KpiDirection.Increase, null, new KpiTarget(100, 2027, null), null));
        await session.SaveChangesAsync();
    }

    /// <summary>Appends events to one stream in a session of its own, as a command does.</summary>
    public static async Task AppendAsync(IDocumentStore store, string tenant, string stream, params object[] events)
    {
        await using var session = store.LightweightSession(tenant);
        session.LastModifiedBy = "tester";
        session.Events.Append(stream, events);
        await session.SaveChangesAsync();
    }
}
