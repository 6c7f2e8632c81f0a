using System.Text.Json;
using System.Text.Json.Nodes;
using DxEvents.Domain.Plans.Import;

namespace DxEvents.Domain.Tests.Plans.Import;

/// <summary>A minimal valid document, fresh for each test so that tests can break it freely.</summary>
internal static class PlanDocuments
{
    public static JsonObject Minimal() => JsonNode.Parse("""
        {
          "format": "dxevents.plan/v1",
          "tenant": "mima",
          "municipality": { "name": "美馬市", "prefecture": "徳島県", "code": "362077" },
          "plan": {
            "id": "mima-dx", "title": "美馬市DX推進計画", "adopted": "2023-03",
            "period": { "fromFiscalYear": 2023, "toFiscalYear": 2025 }, "vision": null, "amountUnit": "千円"
          },
          "pillars": [ { "id": "p1", "title": "行政手続きのスマート化" }, { "id": "p2", "title": "人材育成" } ],
          "measures": [
            {
              "id": "m01", "pillar": "p1", "title": "スマート申請", "summary": "概要", "department": null,
              "kpis": [
                { "id": "k01", "name": "利用者数", "unit": "人", "kind": "flow", "direction": "increase", "baseline": null,
                  "target": { "value": 300, "fromFiscalYear": 2023, "fiscalYear": 2025 }, "note": "合計300人" }
              ],
              "budget": [
                { "fiscalYear": 2023, "total": 3388, "generalFunds": 3388, "funding": [ { "source": "交付金", "amount": 1496 } ] },
                { "fiscalYear": 2024, "undetermined": true, "note": "比較結果により事業費決定" }
              ],
              "schedule": [
                { "id": "s1", "title": "システム構築", "fromFiscalYear": 2023, "toFiscalYear": 2023 },
                { "id": "s2", "title": "システム稼働", "fromFiscalYear": 2024, "toFiscalYear": 2025 }
              ]
            }
          ]
        }
        """)!.AsObject();

    public static PlanImportResult Read(JsonNode document) => PlanDocumentReader.Read(JsonSerializer.SerializeToElement(document));

    public static IReadOnlyList<ValidationProblem> Errors(JsonNode document) =>
        Assert.IsType<PlanImportRejected>(Read(document)).Errors;

    public static PlanImportAccepted Accepted(JsonNode document) =>
        Read(document) switch
        {
            PlanImportAccepted accepted => accepted,
            PlanImportRejected rejected => throw new Xunit.Sdk.XunitException(
                "Rejected: " + string.Join("; ", rejected.Errors.Select(e => $"{e.Pointer} {e.Message.En}"))),
            _ => throw new InvalidOperationException(),
        };

    public static JsonNode Measure(this JsonObject document) => document["measures"]![0]!;

    public static JsonNode Kpi(this JsonObject document) => document.Measure()["kpis"]![0]!;
}
