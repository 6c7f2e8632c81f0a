using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using DxEvents.Api.Auth;
using DxEvents.Api.Tests.Support;

namespace DxEvents.Api.Tests.Hostile;

/// <summary>Text a person typed that a spreadsheet would run as a formula is exported with a leading single quote (OWASP's
/// rule); numbers, negative ones included, stay numbers.</summary>
public sealed class CsvInjectionTests(ApiHost api) : IClassFixture<ApiHost>
{
    [Fact]
    public async Task A_reason_beginning_with_equals_is_neutralised_in_the_audit_csv_and_a_negative_figure_stays_a_number()
    {
        var town = await api.NewTownAsync();
        await town.PostAsync("/plans/mima-dx/kpis/k04/measurements", new { fiscalYear = 2025, quarter = 1, value = 10 }, Roles.Recorder);
        await town.PostAsync("/plans/mima-dx/kpis/k04/measurements/2025/1/corrections",
            new { value = -5, reason = "=HYPERLINK(\"http://evil.example\",\"click\")" }, Roles.Recorder);
        await api.ProjectedAsync();

        var csv = await TextAsync(await town.GetAsync("/audit/events/export?format=csv&stream=plan/mima-dx/kpi/k04", Roles.Auditor));

        Assert.Contains(",\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"click\"\")\",", csv, StringComparison.Ordinal);
        Assert.DoesNotContain(",\"=HYPERLINK", csv, StringComparison.Ordinal);
        Assert.Contains(",-5,10,", csv, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_plan_title_of_one_plus_one_is_neutralised_in_the_open_data_csv()
    {
        var town = await api.NewTownAsync(sample: null);
        var document = JsonNode.Parse(PlanDocuments.Small(town.Tenant))!;
        document["plan"]!["title"] = "=1+1";
        await town.ImportAsync(document.ToJsonString());
        await api.ProjectedAsync();

        var csv = await TextAsync(await town.GetAsync("/plans/small-dx/status/export?format=csv", Roles.Headquarters));

        Assert.Contains(",'=1+1,", csv, StringComparison.Ordinal);
        Assert.DoesNotContain(",=1+1,", csv, StringComparison.Ordinal);
    }

    private static async Task<string> TextAsync(Alba.IScenarioResult response) => Encoding.UTF8.GetString(await response.ReadAsBytesAsync());
}
