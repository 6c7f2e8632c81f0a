using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using DxEvents.Api.Auth;

namespace DxEvents.Web.Tests.Support;

/// <summary>
/// Small plans of Misaki's own for the office's forms, each under a new id, so that a test revises only what it imported
/// (Misaki's sample plan and Mima's story stay as other tests read them). Written and read through the API with Misaki's
/// demo keys, as a script of the office's would.
/// </summary>
public static class OfficePlans
{
    public const string Tenant = "misaki";
    public const string Measure = "窓口サービス改革";
    public const string Kpi = "オンライン申請件数";

    /// <summary>A new plan id, after Misaki's own in order (the header names the first plan's municipality).</summary>
    public static string NewId(string what) => $"misaki-t-{what}-{Guid.NewGuid():N}"[..36];

    /// <summary>One pillar, one measure (m01) with one KPI (k01, a flow of 件) and FY2025's budget printed with 一般財源
    /// above 事業費 (3,398 against 3,388, as Mima's plan prints FY2023's).</summary>
    public static JsonObject Document(string planId) => JsonNode.Parse($$"""
        {
          "format": "dxevents.plan/v1", "tenant": "misaki",
          "municipality": { "name": "美咲町", "prefecture": "岡山県", "code": "336661" },
          "plan": { "id": "{{planId}}", "title": "試験計画 {{planId}}", "adopted": "2023-10",
                    "period": { "fromFiscalYear": 2023, "toFiscalYear": 2026 }, "vision": null, "amountUnit": "千円" },
          "pillars": [ { "id": "p1", "title": "行政サービス" } ],
          "measures": [ {
            "id": "m01", "pillar": "p1", "title": "{{Measure}}", "summary": null, "department": "住民課",
            "kpis": [ { "id": "k01", "name": "{{Kpi}}", "unit": "件", "kind": "flow", "direction": "increase", "baseline": null,
                        "target": { "value": 500, "fromFiscalYear": 2024, "fiscalYear": 2026 }, "note": null } ],
            "budget": [ { "fiscalYear": 2025, "total": 3388, "generalFunds": 3398, "funding": [ { "source": "交付金", "amount": 1000 } ] } ],
            "schedule": []
          } ]
        }
        """)!.AsObject();

    /// <summary>Mima's published plan as a Misaki file: its figures and warnings, another id, title and municipality.</summary>
    public static JsonObject MimasPlanAs(string planId)
    {
        var document = JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "sample-data", "mima.plan.json")))!.AsObject();
        document["tenant"] = Tenant;
        document["municipality"] = new JsonObject { ["name"] = "美咲町", ["prefecture"] = "岡山県", ["code"] = "336661" };
        document["plan"]!["id"] = planId;
        document["plan"]!["title"] = "試験計画 " + planId;
        return document;
    }

    public static async Task<string> ImportAsync(WebApp app, string what)
    {
        var planId = NewId(what);
        using var http = app.ApiClient(Roles.Office, Tenant);
        using var response = await http.PostAsync($"/api/{Tenant}/plans", new StringContent(Document(planId).ToJsonString(), Encoding.UTF8, "application/json"));
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return planId;
    }

    /// <summary>How many events a stream has (0: none), as an auditor reads it through the API.</summary>
    public static async Task<long> EventsAsync(WebApp app, string streamId)
    {
        using var http = app.ApiClient(Roles.Auditor, Tenant);
        using var response = await http.GetAsync($"/api/{Tenant}/audit/streams/{streamId}");
        if (response.StatusCode == HttpStatusCode.NotFound)
            return 0;
        response.EnsureSuccessStatusCode();
        using var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return answer.RootElement.GetProperty("version").GetInt64();
    }

    public static Task<long> EventsAsync(WebApp app, string planId, string part) => EventsAsync(app, $"plan/{planId}{part}");
}
