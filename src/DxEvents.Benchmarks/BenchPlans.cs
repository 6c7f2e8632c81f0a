using System.Text.Json;
using System.Text.Json.Nodes;
using DxEvents.Api.EventStore;
using DxEvents.Api.Plans;
using DxEvents.Domain;
using DxEvents.Domain.Kpis;
using DxEvents.Domain.Plans.Import;
using Marten;

namespace DxEvents.Benchmarks;

/// <summary>
/// Plans to write to: the Mima sample (14 measures, 14 KPIs, pillars, budgets, schedules), imported under any
/// municipality and plan id, optionally with extra KPIs cloned from its own so that KPIs divide evenly among writers.
/// </summary>
internal sealed class BenchPlans(JsonNode mima)
{
    public static readonly EventMetadata Metadata = new("美馬市 DX推進室 田中", null, "bench-correlation", "bench-request", null);

    public static async Task<BenchPlans> LoadAsync() =>
        new(JsonNode.Parse(await File.ReadAllBytesAsync(Path.Combine(Root(), "ops", "sample-data", "mima.plan.json")))!);

    /// <summary>The sample as <paramref name="tenant"/>'s plan <paramref name="planId"/>, with <paramref name="kpis"/> KPIs (at least 14).</summary>
    public PlanImportAccepted Plan(string tenant, string planId, int kpis = 14)
    {
        using var json = JsonDocument.Parse(Document(tenant, planId, kpis).ToJsonString());
        return PlanDocumentReader.Read(json.RootElement) as PlanImportAccepted
            ?? throw new InvalidOperationException("The Mima sample no longer imports.");
    }

    /// <summary>The same plan as the document a municipality sends to POST /plans (dxevents.plan/v1).</summary>
    public JsonNode Document(string tenant, string planId, int kpis = 14)
    {
        var document = mima.DeepClone();
        document["tenant"] = tenant;
        document["plan"]!["id"] = planId;
        var measures = document["measures"]!.AsArray();
        for (var extra = 15; extra <= kpis; extra++)
        {
            var measure = measures[(extra - 15) % measures.Count]!;
            var kpi = measure["kpis"]!.AsArray()[0]!.DeepClone();
            kpi["id"] = $"k{extra:00}";
            measure["kpis"]!.AsArray().Add(kpi);
        }
        return document;
    }

    public static IReadOnlyList<KpiDefined> Kpis(PlanImportAccepted plan) => plan.Events.OfType<KpiDefined>().ToList();

    /// <summary>Imported the way the service imports: every stream started in one session, inline plan view included.</summary>
    public static async Task ImportAsync(IDocumentStore store, PlanImportAccepted plan)
    {
        await using var session = store.LightweightSession(plan.Tenant);
        Envelopes.Stamp(session, Metadata with { Reason = "plan import" });
        PlanImport.Start(session, plan);
        await session.SaveChangesAsync();
    }

    public static string Root()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "DxEvents.sln")))
                return dir.FullName;
        throw new InvalidOperationException("Run from a checkout: ops/sample-data is needed.");
    }
}
