using System.Text.Json.Nodes;

namespace DxEvents.Api.Tests.Support;

public static class PlanDocuments
{
    /// <summary>ops/sample-data/{name}.plan.json, addressed to the test's tenant instead of the real municipality.</summary>
    public static string Sample(string name, string tenant)
    {
        var document = JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "sample-data", $"{name}.plan.json")))!;
        document["tenant"] = tenant;
        return document.ToJsonString();
    }

    /// <summary>Mima's sample with departments (the samples print none): m04 情報政策課, m05 and m07 総務課.</summary>
    public static string MimaWithDepartments(string tenant)
    {
        var document = JsonNode.Parse(Sample("mima", tenant))!;
        var departments = new Dictionary<string, string> { ["m04"] = "情報政策課", ["m05"] = "総務課", ["m07"] = "総務課" };
        foreach (var measure in document["measures"]!.AsArray())
            if (departments.TryGetValue(measure!["id"]!.GetValue<string>(), out var department))
                measure["department"] = department;
        return document.ToJsonString();
    }

    /// <summary>A one-measure plan with a milestone KPI (k1) and a flow KPI (k2): the samples have no milestone.</summary>
    public static string Small(string tenant) => $$"""
        {
          "format": "dxevents.plan/v1",
          "tenant": "{{tenant}}",
          "municipality": { "name": "試験町", "prefecture": "徳島県", "code": null },
          "plan": { "id": "small-dx", "title": "試験町DX推進計画", "adopted": "2024-03",
                    "period": { "fromFiscalYear": 2024, "toFiscalYear": 2026 }, "vision": null, "amountUnit": "千円" },
          "pillars": [ { "id": "p1", "title": "行政のDX" } ],
          "measures": [
            {
              "id": "m1", "pillar": "p1", "title": "基幹業務システムの標準化", "summary": null, "department": null,
              "kpis": [
                { "id": "k1", "name": "標準準拠システムへの移行", "unit": null, "kind": "milestone", "direction": "increase",
                  "baseline": null, "target": { "fiscalYear": 2025 }, "note": null },
                { "id": "k2", "name": "オンライン申請件数", "unit": "件", "kind": "flow", "direction": "increase",
                  "baseline": null, "target": { "value": 300, "fromFiscalYear": 2024, "fiscalYear": 2026 }, "note": null }
              ],
              "budget": [ { "fiscalYear": 2025, "total": 1000, "generalFunds": 500 } ],
              "schedule": [ { "id": "s1", "title": "移行", "fromFiscalYear": 2024, "toFiscalYear": 2025 } ]
            }
          ]
        }
        """;

    /// <summary>Test data, not a published plan: Mima's successor (次期計画) for FY2026–FY2030, following mima-dx (or
    /// <paramref name="predecessor"/>), with one measure and one KPI.</summary>
    public static string MimaSuccessor(string tenant, string predecessor = "mima-dx") => $$"""
        {
          "format": "dxevents.plan/v1",
          "tenant": "{{tenant}}",
          "municipality": { "name": "美馬市", "prefecture": "徳島県", "code": "362077" },
          "plan": { "id": "mima-dx-2", "title": "第2次美馬市DX推進計画（試験用）", "adopted": "2026-03",
                    "period": { "fromFiscalYear": 2026, "toFiscalYear": 2030 }, "vision": null, "amountUnit": "千円",
                    "predecessor": "{{predecessor}}" },
          "pillars": [ { "id": "p1", "title": "行政のDX" } ],
          "measures": [
            {
              "id": "m1", "pillar": "p1", "title": "オンライン申請の拡充", "summary": null, "department": null,
              "kpis": [
                { "id": "k1", "name": "オンライン申請件数", "unit": "件", "kind": "flow", "direction": "increase",
                  "baseline": null, "target": { "value": 500, "fromFiscalYear": 2026, "fiscalYear": 2030 }, "note": null }
              ]
            }
          ]
        }
        """;
}
