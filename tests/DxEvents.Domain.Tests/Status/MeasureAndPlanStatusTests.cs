using System.Text.Json;
using DxEvents.Domain.Kpis;
using DxEvents.Domain.Measures;
using DxEvents.Domain.Status;
using static DxEvents.Domain.Tests.Status.StatusFixture;

namespace DxEvents.Domain.Tests.Status;

public class MeasureAndPlanStatusTests
{
    // Level KPIs with target 100 at the end of FY2025, no baseline: on 2024-03-31 e = 366 / 1096 = 0.33394.
    // v = 30 → p 0.30 on_track; v = 10 → p 0.10 at_risk; v = 5 → p 0.05 off_track.
    private static IDomainEvent[] Kpis(params (string Id, int? Value)[] kpis) =>
        [.. kpis.SelectMany(k => k.Value is { } v
            ? new IDomainEvent[] { Kpi(k.Id, KpiKind.Level, 100m, 2025), Figure(k.Id, 2023, 4, v) }
            : [Kpi(k.Id, KpiKind.Level, 100m, 2025)])];

    [Theory]
    [InlineData(30, 10, "at_risk")]   // on_track + at_risk
    [InlineData(30, null, "no_data")] // on_track + no_data: missing data is not hidden by a good KPI
    [InlineData(10, null, "at_risk")] // at_risk + no_data: a real risk is not hidden by missing data
    [InlineData(5, 10, "off_track")]
    [InlineData(100, 30, "on_track")] // achieved + on_track
    public void A_measure_takes_its_worst_kpi(int first, int? second, string expected)
    {
        var report = Report(D(2024, 3, 31), [Started(), .. Kpis(("k1", first), ("k2", second))]);
        Assert.Equal(expected, KpiStatusTests.Wire(report.Measure().Status));
        Assert.Equal("kpis", report.Measure().Basis);
    }

    [Fact]
    public void Not_started_wins_over_kpis() =>
        Assert.Equal(ProgressStatus.NotStarted, Report(D(2024, 3, 31), Kpis(("k1", 5))).Measure().Status);

    [Fact]
    public void A_cancelled_measure_is_cancelled_from_its_date()
    {
        IDomainEvent[] events = [Started(), .. Kpis(("k1", 5)), new MeasureCancelled(Plan, "m01", D(2024, 4, 10), "廃止")];
        Assert.Equal(ProgressStatus.Cancelled, Report(D(2024, 4, 10), events).Measure().Status);
        Assert.Equal(ProgressStatus.OffTrack, Report(D(2024, 4, 9), events).Measure().Status);
    }

    private static ScheduleItemPlanned Item(string id, int to) => new(Plan, "m01", id, $"工程{id}", 2023, to);

    [Fact]
    public void Without_kpis_a_late_schedule_item_puts_a_measure_at_risk()
    {
        // s1 ends with FY2023 on 2024-03-31: still due on that day, late from 2024-04-01.
        IDomainEvent[] events = [Started(), Item("s1", 2023), Item("s2", 2025)];
        Assert.Equal(ProgressStatus.OnTrack, Report(D(2024, 3, 31), events).Measure().Status);
        var late = Report(D(2024, 4, 1), events).Measure();
        Assert.Equal((ProgressStatus.AtRisk, "schedule", "s1"), (late.Status, late.Basis, Assert.Single(late.Schedule.LateItemIds)));
    }

    [Fact]
    public void Two_late_items_put_a_measure_off_track() =>
        Assert.Equal(ProgressStatus.OffTrack, Report(D(2024, 4, 1), Started(), Item("s1", 2023), Item("s2", 2023)).Measure().Status);

    [Fact]
    public void An_item_completed_by_the_reporting_date_is_not_late()
    {
        IDomainEvent[] events = [Started(), Item("s1", 2023), new ScheduleItemCompleted(Plan, "m01", "s1", D(2024, 5, 1), null)];
        Assert.Equal(ProgressStatus.OnTrack, Report(D(2024, 5, 1), events).Measure().Status);
        Assert.Equal(ProgressStatus.AtRisk, Report(D(2024, 4, 30), events).Measure().Status); // completed after that date
    }

    [Fact]
    public void An_open_ended_item_is_never_late() =>
        Assert.Equal(ProgressStatus.OnTrack, Report(D(2030, 4, 1), Started(), Item("s1", 2023) with { ToFiscalYear = null }).Measure().Status);

    [Fact]
    public void Nothing_to_judge_by_is_no_data() =>
        Assert.Equal(ProgressStatus.NoData, Report(D(2024, 4, 1), Started()).Measure().Status);

    [Fact]
    public void Pillars_and_the_plan_count_statuses_and_total_budgets()
    {
        IDomainEvent[] events =
        [
            Started(), .. Kpis(("k1", 30), ("k2", 5)),
            Measure("m02"), Kpi("k3", KpiKind.Level, 100m, 2025, measure: "m02"),
            new BudgetPlanned(Plan, "m01", 2023, new BudgetFigures(3388, 3398, []), false, null),
            new BudgetPlanned(Plan, "m02", 2023, new BudgetFigures(100, 100, []), false, null),
            new BudgetPlanned(Plan, "m02", 2024, null, true, "比較結果により事業費決定"),
            new BudgetRevised(Plan, "m02", 2023, new BudgetFigures(150, 150, []), new BudgetFigures(100, 100, []), "補正"),
        ];

        var report = Report(D(2024, 3, 31), events);

        // m01: off_track (worst of on_track, off_track); m02: not started.
        var expectedMeasures = new StatusCounts(Achieved: 0, OnTrack: 0, AtRisk: 0, OffTrack: 1, NoData: 0, NotStarted: 1, Cancelled: 0);
        Assert.Equal(expectedMeasures, report.Measures);
        Assert.Equal(expectedMeasures, report.Pillars[0].Measures);
        Assert.Equal(new StatusCounts(0, 1, 0, 1, 0, 1, 0), report.Kpis);
        // FY2023: planned 3,388 + 100 = 3,488; current 3,388 + 150 = 3,538. FY2024: one undetermined line.
        Assert.Equal(
            [new BudgetYearTotal(2023, "FY2023（令和5年度）", 3488, 3538, 0, 0), new BudgetYearTotal(2024, "FY2024（令和6年度）", 0, 0, 1, 1)],
            report.Budget);
        Assert.Equal(new QuarterRef(2023, 4, "FY2023 Q4（令和5年度第4四半期）"), report.LastClosedQuarter);
    }

    [Fact]
    public void The_report_serializes_statuses_as_in_the_design()
    {
        var json = JsonSerializer.Serialize(Report(D(2024, 3, 31), [Started(), .. Kpis(("k1", 30))]), EventCatalog.JsonOptions);
        Assert.Contains("\"status\":\"on_track\"", json, StringComparison.Ordinal);
        Assert.Contains("\"tolerances\":{\"onTrack\":0.10,\"atRisk\":0.25}", json, StringComparison.Ordinal);
    }
}
