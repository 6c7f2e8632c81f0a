using DxEvents.Domain.Kpis;
using DxEvents.Domain.Measures;
using DxEvents.Domain.Status;
using static DxEvents.Domain.Tests.Status.StatusFixture;

namespace DxEvents.Domain.Tests.Status;

/// <summary>The worked examples of docs/status-rule.md, so that the document cannot drift from the code. All at reporting
/// date 2024-10-15: 564 of the 1,096 days from 2023-04-01 to 2026-03-31 have passed, e = 0.5146.</summary>
public class WorkedExamplesTests
{
    private static readonly DateOnly On = D(2024, 10, 15);

    [Fact]
    public void Example_1_a_level_kpi_on_the_way_is_at_risk()
    {
        var kpi = Kpi("k1", KpiKind.Level, 300m, 2025, baseline: new KpiBaseline(100m, 2022));
        var line = Report(On, Started(), kpi, Figure("k1", 2024, 2, 180)).Line();

        Assert.Equal((0.4m, 0.5146m, ProgressStatus.AtRisk), (line.Progress, line.Expected, line.Status));
    }

    [Theory]
    [InlineData(20, "at_risk")] // v = 40 + 15 + 20 = 75, p = 0.375
    [InlineData(40, "on_track")] // v = 95, p = 0.475 ≥ 0.4146
    public void Example_2_a_flow_kpi_sums_its_window(int fy2024Q2, string expected)
    {
        var kpi = Kpi("k1", KpiKind.Flow, 200m, 2025, from: 2023);
        var figures = new[] { Figure("k1", 2023, 1, 10), Figure("k1", 2023, 2, 10), Figure("k1", 2023, 3, 10), Figure("k1", 2023, 4, 10),
            Figure("k1", 2024, 1, 15), Figure("k1", 2024, 2, fy2024Q2) };
        var line = Report(On, [Started(), kpi, .. figures]).Line();

        Assert.Equal(expected, KpiStatusTests.Wire(line.Status));
        Assert.Equal(0.5146m, line.Expected);
    }

    [Fact]
    public void Example_3_no_figure_in_the_last_two_closed_quarters_is_no_data()
    {
        var kpi = Kpi("k1", KpiKind.Level, 300m, 2025, baseline: new KpiBaseline(100m, 2022));
        Assert.Equal(ProgressStatus.NoData, Report(On, Started(), kpi, Figure("k1", 2023, 4, 290)).Line().Status);
    }

    [Fact]
    public void Example_4_a_measure_without_kpis_with_one_late_schedule_item_is_at_risk()
    {
        var measure = Report(On, Started(),
            new ScheduleItemPlanned(Plan, "m01", "s1", "システム構築", 2023, 2023),
            new ScheduleItemPlanned(Plan, "m01", "s2", "システム稼働", 2024, 2025)).Measure();

        Assert.Equal((ProgressStatus.AtRisk, "s1"), (measure.Status, Assert.Single(measure.Schedule.LateItemIds)));
    }

    [Fact]
    public void Example_5_the_worst_kpi_wins()
    {
        var achieved = Kpi("k1", KpiKind.Level, 300m, 2025, baseline: new KpiBaseline(100m, 2022));
        var onTrack = Kpi("k2", KpiKind.Level, 300m, 2025, baseline: new KpiBaseline(100m, 2022));
        var noData = Kpi("k3", KpiKind.Level, 300m, 2025, baseline: new KpiBaseline(100m, 2022));
        var atRisk = Kpi("k4", KpiKind.Level, 300m, 2025, baseline: new KpiBaseline(100m, 2022));
        IDomainEvent[] three = [Started(), achieved, onTrack, noData, Figure("k1", 2024, 2, 300), Figure("k2", 2024, 2, 200)];

        Assert.Equal(ProgressStatus.NoData, Report(On, three).Measure().Status);
        Assert.Equal(ProgressStatus.AtRisk, Report(On, [.. three, atRisk, Figure("k4", 2024, 2, 180)]).Measure().Status);
    }
}
