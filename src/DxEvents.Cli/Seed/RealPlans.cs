using System.Text.Json.Nodes;

namespace DxEvents.Cli.Seed;

/// <summary>
/// The published plans in ops/sample-data (embedded in this assembly), as the pool synthetic plans draw their shapes and
/// text from: pillar, measure, KPI and schedule titles as printed, KPI kinds, units and targets, Mima's budget lines.
/// </summary>
internal sealed class RealPlans
{
    public IReadOnlyList<JsonObject> Plans { get; }
    public IReadOnlyList<string> Pillars { get; }
    public IReadOnlyList<JsonObject> Measures { get; }
    public IReadOnlyList<JsonObject> Kpis { get; }
    public IReadOnlyList<string> ScheduleTitles { get; }
    public IReadOnlyList<JsonObject> BudgetLines { get; }
    public IReadOnlyList<string> UndeterminedNotes { get; }
    public IReadOnlyList<string> Visions { get; }

    private RealPlans(IReadOnlyList<JsonObject> plans)
    {
        // JsonNode builds its children on first access: build them all now, so that loaders in parallel only ever read.
        foreach (var plan in plans)
            Materialize(plan);
        Plans = plans;
        var measures = plans.SelectMany(p => Items(p, "measures")).ToList();
        Pillars = [.. plans.SelectMany(p => Items(p, "pillars")).Select(p => (string)p["title"]!)];
        Measures = measures;
        Kpis = [.. measures.SelectMany(m => Items(m, "kpis"))];
        ScheduleTitles = [.. measures.SelectMany(m => Items(m, "schedule")).Select(s => (string)s["title"]!).Distinct()];
        var budget = measures.SelectMany(m => Items(m, "budget")).ToList();
        BudgetLines = [.. budget.Where(b => b["undetermined"] is null && (long)b["total"]! > 0)];
        UndeterminedNotes = [.. budget.Where(b => b["undetermined"] is not null).Select(b => (string)b["note"]!).Distinct()];
        Visions = [.. plans.Select(p => (string?)p["plan"]!["vision"]).OfType<string>()];
    }

    public static RealPlans Load()
    {
        var assembly = typeof(RealPlans).Assembly;
        var plans = assembly.GetManifestResourceNames()
            .Where(n => n.EndsWith(".plan.json", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(n =>
            {
                using var stream = assembly.GetManifestResourceStream(n)!;
                return JsonNode.Parse(stream)!.AsObject();
            })
            .ToList();
        return plans.Count > 0 ? new RealPlans(plans) : throw new InvalidOperationException("The sample plans are not embedded in the CLI.");
    }

    private static void Materialize(JsonNode? node)
    {
        if (node is JsonObject o)
            foreach (var (_, child) in o)
                Materialize(child);
        else if (node is JsonArray a)
            foreach (var child in a)
                Materialize(child);
    }

    public static IEnumerable<JsonObject> Items(JsonNode node, string name) =>
        node[name]?.AsArray().Select(i => i!.AsObject()) ?? [];
}
