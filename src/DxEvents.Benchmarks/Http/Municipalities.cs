using System.Text.Json;
using DxEvents.Api.Auth;
using Marten;

namespace DxEvents.Benchmarks.Http;

/// <summary>What GET /audit/verify answered for one municipality.</summary>
internal sealed record ChainCheck(string Tenant, bool Ok, long Count, long Unsealed, string Answer)
{
    public bool Verifies => Ok && Unsealed == 0;
}

/// <summary>
/// The municipalities a run writes to: their API keys (recorder, office, auditor), made with the product's own key code
/// as `dxevents keys create` makes them, and their plans, imported over HTTP (POST /plans, the Mima sample under the
/// municipality's slug) with every measure started (POST …/start), as a DX office would before its first quarter end.
/// </summary>
internal sealed class Municipalities
{
    private readonly Dictionary<(string Tenant, string Role), string> _keys;

    private Municipalities(IReadOnlyList<string> tenants, Dictionary<(string, string), string> keys) => (Tenants, _keys) = (tenants, keys);

    public IReadOnlyList<string> Tenants { get; }

    public static async Task<Municipalities> CreateAsync(IDocumentStore store, IEnumerable<string> tenants)
    {
        var list = tenants.ToList();
        var apiKeys = new ApiKeys(store);
        var keys = new Dictionary<(string, string), string>();
        foreach (var tenant in list)
            foreach (var role in new[] { Roles.Recorder, Roles.Office, Roles.Auditor })
                keys[(tenant, role)] = await apiKeys.CreateAsync(tenant, role, $"{tenant} DX推進室 bench {role}");
        return new Municipalities(list, keys);
    }

    public string Key(string tenant, string role) => _keys[(tenant, role)];

    public static string PlanId(int plan) => $"plan-{plan}";

    /// <summary>The import of a municipality's plan, with the Idempotency-Key every resend of it carries.</summary>
    public static ApiCommand Import(BenchPlans plans, string tenant, int plan) =>
        new(tenant, "/plans", plans.Document(tenant, PlanId(plan)).ToJsonString(), $"import-{tenant}-{PlanId(plan)}");

    /// <summary>
    /// Imports <paramref name="plansEach"/> plans per municipality and starts their measures; answers the KPIs ordered
    /// KPI by KPI across municipalities, so that clients dealt them round-robin each write to several municipalities.
    /// </summary>
    public async Task<IReadOnlyList<KpiSlot>> ImportAsync(ApiClient api, BenchPlans plans, int plansEach)
    {
        var planned = Tenants.SelectMany(t => Enumerable.Range(0, plansEach).Select(p => (Tenant: t, Plan: p))).ToList();
        var documents = planned.Select(p => (p.Tenant, p.Plan, Document: plans.Document(p.Tenant, PlanId(p.Plan)))).ToList();
        await Parallel.ForEachAsync(documents, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (p, ct) =>
            Require(await api.PostAsync(Key(p.Tenant, Roles.Office), Import(plans, p.Tenant, p.Plan), ct), "import"));
        var measures = documents.SelectMany(d => d.Document["measures"]!.AsArray().Select(m => (d.Tenant, d.Plan, Measure: (string)m!["id"]!)));
        await Parallel.ForEachAsync(measures, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (m, ct) =>
            Require(await api.PostAsync(Key(m.Tenant, Roles.Recorder), new ApiCommand(m.Tenant, $"/plans/{PlanId(m.Plan)}/measures/{m.Measure}/start",
                """{"on":"2023-04-01","note":"計画期間の開始"}""", $"start-{m.Tenant}-{PlanId(m.Plan)}-{m.Measure}"), ct), "measure start"));
        var kpis = documents[0].Document["measures"]!.AsArray().SelectMany(m => m!["kpis"]!.AsArray().Select(k => (string)k!["id"]!)).ToList();
        return kpis.SelectMany((kpi, i) => documents.Select(d => new KpiSlot(d.Tenant, PlanId(d.Plan), kpi, i))).ToList();
    }

    /// <summary>GET /audit/verify of every municipality, as its auditor.</summary>
    public async Task<IReadOnlyList<ChainCheck>> VerifyAsync(ApiClient api)
    {
        var checks = new List<ChainCheck>();
        foreach (var tenant in Tenants)
        {
            var (status, body) = await api.GetAsync(Key(tenant, Roles.Auditor), $"/api/{tenant}/audit/verify");
            if (status != 200)
            {
                checks.Add(new ChainCheck(tenant, false, 0, 0, $"{status} {body}"));
                continue;
            }
            using var answer = JsonDocument.Parse(body);
            var root = answer.RootElement;
            checks.Add(new ChainCheck(tenant, root.GetProperty("ok").GetBoolean(), root.GetProperty("count").GetInt64(), root.GetProperty("unsealed").GetInt64(), body));
        }
        return checks;
    }

    private static void Require(Answer answer, string what)
    {
        if (!answer.Acknowledged)
            throw new InvalidOperationException($"Set-up failed: {what} answered {answer.Status}.");
    }
}
