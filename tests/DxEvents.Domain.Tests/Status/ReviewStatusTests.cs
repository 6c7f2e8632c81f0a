using DxEvents.Domain.Kpis;
using DxEvents.Domain.Status;
using static DxEvents.Domain.Tests.Status.StatusFixture;

namespace DxEvents.Domain.Tests.Status;

/// <summary>Which figures the status rule is fed once the office reviews them. A level KPI, target 240 by FY2025, no baseline:
/// judged from 2023-04-01 to 2026-03-31 (1,096 days). On 2024-10-15, 366 + 198 = 564 days have passed: e = 564 / 1096 =
/// 0.5146; on_track needs p ≥ 0.4146, at_risk p ≥ 0.2646. The last closed quarter is FY2024 Q2.</summary>
public class ReviewStatusTests
{
    private static readonly DateOnly Date = D(2024, 10, 15);

    private static KpiDefined Level() => Kpi("k1", KpiKind.Level, 240m, 2025);

    private static IDomainEvent[] Waiting(decimal value) =>
        [new KpiMeasured(Plan, "k1", "m01", 2024, 2, value, null), new KpiFigureSubmittedForReview(Plan, "k1", "m01", 2024, 2, value)];

    private static IDomainEvent[] CorrectedWaiting(decimal value, decimal previous) =>
        [new KpiMeasurementCorrected(Plan, "k1", "m01", 2024, 2, value, previous, "訂正"), new KpiFigureSubmittedForReview(Plan, "k1", "m01", 2024, 2, value)];

    private static KpiFigureConfirmed Confirmed(decimal value) => new(Plan, "k1", "m01", 2024, 2, value);

    private static KpiFigureReturned Returned(decimal value) => new(Plan, "k1", "m01", 2024, 2, value, "根拠資料がありません");

    [Fact]
    public void A_waiting_figure_does_not_count_and_is_counted_as_waiting()
    {
        var report = Report(Date, [Started(), Level(), .. Waiting(120m)]);
        Assert.Equal((ProgressStatus.NoData, (decimal?)null, 1), (report.Line().Status, report.Line().Value, report.Line().AwaitingReview));
        Assert.Equal(1, report.AwaitingReview);
    }

    [Fact]
    public void A_confirmed_figure_counts()
    {
        // p = 120 / 240 = 0.5 ≥ 0.4146 → on_track.
        var report = Report(Date, [Started(), Level(), .. Waiting(120m), Confirmed(120m)]);
        Assert.Equal((ProgressStatus.OnTrack, (decimal?)120m, 0.5m, 0), (report.Line().Status, report.Line().Value, report.Line().Progress, report.AwaitingReview));
    }

    [Fact]
    public void A_returned_figure_does_not_count_and_does_not_wait()
    {
        var report = Report(Date, [Started(), Level(), .. Waiting(120m), Returned(120m)]);
        Assert.Equal((ProgressStatus.NoData, 0), (report.Line().Status, report.AwaitingReview));
    }

    [Fact]
    public void A_correction_after_confirmation_leaves_the_confirmed_value_counting_until_it_is_confirmed()
    {
        // Meanwhile 120 counts (on_track) with one figure waiting; once 60 is confirmed, p = 60 / 240 = 0.25 < 0.2646 → off_track.
        var meanwhile = Report(Date, [Started(), Level(), .. Waiting(120m), Confirmed(120m), .. CorrectedWaiting(60m, 120m)]);
        Assert.Equal((ProgressStatus.OnTrack, (decimal?)120m, 1), (meanwhile.Line().Status, meanwhile.Line().Value, meanwhile.AwaitingReview));
        var after = Report(Date, [Started(), Level(), .. Waiting(120m), Confirmed(120m), .. CorrectedWaiting(60m, 120m), Confirmed(60m)]);
        Assert.Equal((ProgressStatus.OffTrack, (decimal?)60m, 0), (after.Line().Status, after.Line().Value, after.AwaitingReview));
        // Returned instead, the correction still leaves 120 counting.
        var returned = Report(Date, [Started(), Level(), .. Waiting(120m), Confirmed(120m), .. CorrectedWaiting(60m, 120m), Returned(60m)]);
        Assert.Equal((ProgressStatus.OnTrack, (decimal?)120m), (returned.Line().Status, returned.Line().Value));
    }

    [Fact]
    public void A_waiting_figure_corrected_while_review_is_off_counts_as_corrected_and_a_later_reviewed_correction_keeps_it_counting()
    {
        // Corrected to 100 without review: p = 100 / 240 = 0.4167 ≥ 0.4146 → on_track, nothing waits. Corrected again to 60 under
        // review: 100 still counts until the office decides.
        var off = new KpiMeasurementCorrected(Plan, "k1", "m01", 2024, 2, 100m, 120m, "再集計");
        var report = Report(Date, [Started(), Level(), .. Waiting(120m), off]);
        Assert.Equal((ProgressStatus.OnTrack, (decimal?)100m, 0), (report.Line().Status, report.Line().Value, report.AwaitingReview));
        var again = Report(Date, [Started(), Level(), .. Waiting(120m), off, .. CorrectedWaiting(60m, 100m)]);
        Assert.Equal((ProgressStatus.OnTrack, (decimal?)100m, 1), (again.Line().Status, again.Line().Value, again.AwaitingReview));
    }

    [Fact]
    public void A_figure_recorded_before_review_counts_until_its_reviewed_correction_is_confirmed()
    {
        var report = Report(Date, [Started(), Level(), Figure("k1", 2024, 2, 120m), .. CorrectedWaiting(60m, 120m)]);
        Assert.Equal(((decimal?)120m, 1), (report.Line().Value, report.AwaitingReview));
    }

    [Fact]
    public void A_figure_waiting_for_a_quarter_not_yet_closed_is_not_counted_as_waiting_in_the_report()
    {
        // FY2024 Q3 (Oct–Dec) has not closed on 2024-10-15: the report reads no figure of it, waiting or not.
        var report = Report(Date, [Started(), Level(), Figure("k1", 2024, 2, 120m), new KpiMeasured(Plan, "k1", "m01", 2024, 3, 130m, null),
            new KpiFigureSubmittedForReview(Plan, "k1", "m01", 2024, 3, 130m)]);
        Assert.Equal((ProgressStatus.OnTrack, 0), (report.Line().Status, report.AwaitingReview));
    }

    [Fact]
    public void The_view_keeps_who_decided_and_the_return_reason()
    {
        var view = History.View([.. Opening, Started(), Level(), .. Waiting(120m), Returned(120m)]);
        var figure = view.Kpis.Single().Figures.Single();
        Assert.Equal((FigureReview.Returned, "根拠資料がありません", (decimal?)null), (figure.Review!.Review, figure.Review.Reason, figure.Counted()));
        Assert.Equal(8, figure.Review.Decided!.Sequence);
    }
}
