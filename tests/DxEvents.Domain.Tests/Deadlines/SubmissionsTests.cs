using DxEvents.Domain.Deadlines;
using DxEvents.Domain.Fiscal;
using DxEvents.Domain.Kpis;
using DxEvents.Domain.Measures;
using DxEvents.Domain.Plans;
using DxEvents.Domain.Status;
using DxEvents.Domain.Tests.Status;
using static DxEvents.Domain.Tests.Status.StatusFixture;

namespace DxEvents.Domain.Tests.Deadlines;

/// <summary>
/// FY2025 Q2 (Jul–Sep 2025, last day 2025-09-30) of plan-x (FY2023–FY2025), deadline 2025-10-15:
/// m01 (総務課) owes k1, recorded; m02 (情報政策課) owes k2 (no figure at all) and k3 (only Q1 recorded); m03 (情報政策課) has not
/// started and owes nothing. Every KPI is a level KPI with a FY2025 target and no baseline: its window is FY2023–FY2025.
/// </summary>
public sealed class SubmissionsTests
{
    private static readonly FiscalQuarter Q2 = new(2025, 2);
    private static readonly DateOnly Deadline = D(2025, 10, 15);

    private static readonly IDomainEvent[] Events =
    [
        new PlanAdopted(Plan, "計画", new Municipality("市", "県", null), "2023-03", 2023, 2025, null, "千円", Tolerances.Default),
        new PillarAdded(Plan, "p1", "柱", 1),
        new MeasureRegistered(Plan, "m01", "p1", "窓口のデジタル化", null, "総務課"),
        new MeasureRegistered(Plan, "m02", "p1", "庁内ネットワーク", null, "情報政策課"),
        new MeasureRegistered(Plan, "m03", "p1", "電子契約", null, "情報政策課"),
        Started("m01", 2023), Started("m02", 2023),
        Kpi("k1", KpiKind.Level, 100m, 2025), Kpi("k2", KpiKind.Level, 100m, 2025, measure: "m02"),
        Kpi("k3", KpiKind.Level, 100m, 2025, measure: "m02"), Kpi("k4", KpiKind.Level, 100m, 2025, measure: "m03"),
        Figure("k1", 2025, 2, 40m), Figure("k3", 2025, 1, 20m, "m02"),
    ];

    private static SubmissionReport On(DateOnly today, DateOnly? deadline = null) => Submissions.Build(History.View(Events), Q2, deadline ?? Deadline, today);

    private static string Row(DepartmentSubmissions d) => $"{d.Department}: due {d.Due}, in {d.In}, late {d.Late}";

    [Fact]
    public void Before_the_deadline_what_is_missing_is_open_not_late()
    {
        var report = On(D(2025, 10, 15));
        Assert.Equal((3, 1, 0, false), (report.Due, report.In, report.Late, report.PastDeadline));
        Assert.Equal(["総務課: due 1, in 1, late 0", "情報政策課: due 2, in 0, late 0"], report.Departments.Select(Row));
        var m02 = report.Departments[1].Measures.Single();
        Assert.Equal(("m02", 2, 0, 0), (m02.MeasureId, m02.Due, m02.In, m02.Late));
        Assert.Equal([("k2", SubmissionState.Open), ("k3", SubmissionState.Open)], m02.Kpis.Select(k => (k.KpiId, k.State)));
        var k1 = report.Departments[0].Measures.Single().Kpis.Single();
        Assert.Equal((SubmissionState.In, 40m, false), (k1.State, k1.Value, k1.AfterDeadline));
    }

    [Fact]
    public void A_figure_the_office_returned_is_owed_again_open_before_the_deadline_and_late_after_it()
    {
        var events = (IDomainEvent[])[.. Events, new KpiFigureSubmittedForReview(Plan, "k1", "m01", 2025, 2, 40m),
            new KpiFigureReturned(Plan, "k1", "m01", 2025, 2, 40m, "内訳を添付してください")];

        KpiSubmission K1(DateOnly today) => Submissions.Build(History.View(events), Q2, Deadline, today).Departments[0].Measures.Single().Kpis.Single();

        Assert.Equal((SubmissionState.Open, true, 40m), (K1(D(2025, 10, 15)).State, K1(D(2025, 10, 15)).Returned, K1(D(2025, 10, 15)).Value));
        Assert.Equal((SubmissionState.Late, true), (K1(D(2025, 10, 16)).State, K1(D(2025, 10, 16)).Returned));
        var report = Submissions.Build(History.View(events), Q2, Deadline, D(2025, 10, 16));
        Assert.Equal((3, 0, 3), (report.Due, report.In, report.Late));
    }

    [Fact]
    public void A_figure_waiting_for_the_offices_review_is_in()
    {
        var events = (IDomainEvent[])[.. Events, new KpiFigureSubmittedForReview(Plan, "k1", "m01", 2025, 2, 40m)];
        var k1 = Submissions.Build(History.View(events), Q2, Deadline, D(2025, 10, 16)).Departments[0].Measures.Single().Kpis.Single();
        Assert.Equal((SubmissionState.In, false), (k1.State, k1.Returned));
    }

    [Fact]
    public void The_day_after_the_deadline_what_is_missing_is_late()
    {
        var report = On(D(2025, 10, 16));
        Assert.Equal((3, 1, 2, true), (report.Due, report.In, report.Late, report.PastDeadline));
        Assert.Equal(["総務課: due 1, in 1, late 0", "情報政策課: due 2, in 0, late 2"], report.Departments.Select(Row));
    }

    [Fact]
    public void Without_a_deadline_nothing_is_late_however_long_ago_the_quarter_closed()
    {
        var report = Submissions.Build(History.View(Events), Q2, null, D(2026, 3, 1));
        Assert.Equal((3, 1, 0, false, (DateOnly?)null), (report.Due, report.In, report.Late, report.PastDeadline, report.Deadline));
    }

    [Fact]
    public void A_figure_recorded_after_the_deadline_is_in_and_marked_late_in()
    {
        // k2's figure recorded on 2025-10-20 10:00 in Japan, five days after the deadline.
        var view = History.View(Events);
        var late = new EventEnvelope(100, StreamIds.Kpi(Plan, "k2"), 2, Figure("k2", 2025, 2, 7m, "m02"),
            new EventMetadata("情報政策課 佐藤", null, null, null, null), new DateTimeOffset(2025, 10, 20, 10, 0, 0, TimeSpan.FromHours(9)));
        var report = Submissions.Build(PlanViewProjection.Apply(view, late), Q2, Deadline, D(2025, 10, 21));
        var k2 = report.Departments[1].Measures.Single().Kpis[0];
        Assert.Equal(("k2", SubmissionState.In, true, "情報政策課 佐藤"), (k2.KpiId, k2.State, k2.AfterDeadline, k2.RecordedBy));
        Assert.Equal((2, 1), (report.In, report.Late));
    }

    [Fact]
    public void A_quarter_before_a_measure_started_owes_nothing_of_it()
    {
        // m01 and m02 started on 2023-04-01: FY2023 Q1 closes 2023-06-30 with both under way; m03 never started.
        var report = Submissions.Build(History.View(Events), new FiscalQuarter(2023, 1), null, D(2023, 7, 10));
        Assert.Equal(["k1", "k2", "k3"], report.Departments.SelectMany(d => d.Measures).SelectMany(m => m.Kpis).Select(k => k.KpiId));
    }

    [Theory]
    [InlineData(2025, 11, 20, 2025, 2)]
    [InlineData(2026, 12, 7, 2025, 4)]
    [InlineData(2023, 5, 1, 2023, 1)]
    public void A_page_opens_on_the_last_closed_quarter_within_the_plan(int y, int m, int d, int year, int quarter) =>
        Assert.Equal(new FiscalQuarter(year, quarter), Submissions.DefaultQuarter(History.View(Events), D(y, m, d)));
}
