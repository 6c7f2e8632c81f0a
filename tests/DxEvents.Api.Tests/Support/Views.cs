using System.Text.Json;

namespace DxEvents.Api.Tests.Support;

/// <summary>Finds one measure or KPI in a plan view (GET /plans/{id}) or a status report (GET /plans/{id}/status).</summary>
public static class Views
{
    public static JsonElement Measure(this JsonElement view, string measureId) =>
        Find(view.GetProperty("measures"), "measureId", measureId);

    public static JsonElement Kpi(this JsonElement view, string kpiId) => Find(view.GetProperty("kpis"), "kpiId", kpiId);

    public static JsonElement MeasureStatus(this JsonElement status, string measureId) =>
        Find(status.GetProperty("pillars").EnumerateArray().SelectMany(p => p.GetProperty("measureStatuses").EnumerateArray()), "measureId", measureId);

    public static JsonElement KpiStatus(this JsonElement status, string kpiId) =>
        Find(status.GetProperty("pillars").EnumerateArray().SelectMany(p => p.GetProperty("measureStatuses").EnumerateArray())
            .SelectMany(m => m.GetProperty("kpis").EnumerateArray()), "kpiId", kpiId);

    public static JsonElement Budget(this JsonElement measure, int fiscalYear) => Find(measure.GetProperty("budget"), "fiscalYear", fiscalYear);

    public static string? Text(this JsonElement element, string name) => element.GetProperty(name).GetString();

    private static JsonElement Find(JsonElement array, string key, object value) => Find(array.EnumerateArray(), key, value);

    private static JsonElement Find(IEnumerable<JsonElement> items, string key, object value) =>
        items.Single(i => i.GetProperty(key).ToString() == value.ToString());
}
