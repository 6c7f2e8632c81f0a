using System.Text.Json;
using DxEvents.Domain.Kpis;
using DxEvents.Domain.Measures;
using DxEvents.Domain.Plans;
using DxEvents.Domain.Plans.Import;

namespace DxEvents.Domain.Tests.Plans.Import;

/// <summary>The three real plans in ops/sample-data must import; the test reads them from the repository
/// so that a change to a sample is checked against the reader.</summary>
public class SamplePlanTests
{
    [Theory]
    [InlineData("mima", "mima-dx", 5, 14, 14)]
    [InlineData("misaki", "misaki-dx", 4, 15, 0)]
    [InlineData("omitama", "omitama-dx", 3, 11, 1)]
    public void Each_sample_plan_imports_without_errors(string tenant, string planId, int pillars, int measures, int kpis)
    {
        var accepted = Import(tenant);

        Assert.Equal((tenant, planId), (accepted.Tenant, accepted.PlanId));
        Assert.Equal(pillars, accepted.Events.OfType<PillarAdded>().Count());
        Assert.Equal(measures, accepted.Events.OfType<MeasureRegistered>().Count());
        Assert.Equal(kpis, accepted.Events.OfType<KpiDefined>().Count());
    }

    [Fact]
    public void Mima_keeps_3388_and_3398_and_warns()
    {
        var accepted = Import("mima");

        var warning = Assert.Single(accepted.Warnings, w => w.Pointer == "/measures/0/budget/1/generalFunds");
        Assert.Contains("3,398", warning.Message.En, StringComparison.Ordinal);
        Assert.Contains("3,398", warning.Message.Ja, StringComparison.Ordinal);
        var fy2023 = accepted.Events.OfType<BudgetPlanned>().Single(b => b is { MeasureId: "m01", FiscalYear: 2023 });
        Assert.Equal((3388L, 3398L), (fy2023.Figures!.Total, fy2023.Figures.GeneralFunds));
        // k03 targets FY2026 in an FY2023–2025 plan: kept, and warned about.
        Assert.Contains(accepted.Warnings, w => w.Pointer == "/measures/2/kpis/0/target/fiscalYear");
        Assert.Equal(6, accepted.Events.OfType<BudgetPlanned>().Count(b => b.Undetermined));
    }

    [Fact]
    public void Misaki_and_omitama_import_with_no_figure_warnings()
    {
        Assert.Empty(Import("misaki").Warnings);
        Assert.DoesNotContain(Import("omitama").Warnings, w => w.Pointer.Contains("budget", StringComparison.Ordinal));
    }

    internal static PlanImportAccepted Import(string tenant)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryRoot(), "ops", "sample-data", $"{tenant}.plan.json")));
        return PlanDocumentReader.Read(document.RootElement) switch
        {
            PlanImportAccepted accepted => accepted,
            PlanImportRejected rejected => throw new Xunit.Sdk.XunitException(
                $"{tenant} rejected: " + string.Join("; ", rejected.Errors.Select(e => $"{e.Pointer} {e.Message.En}"))),
            _ => throw new InvalidOperationException(),
        };
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "DxEvents.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("DxEvents.sln not found above " + AppContext.BaseDirectory);
    }
}
