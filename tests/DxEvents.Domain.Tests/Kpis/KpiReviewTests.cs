using DxEvents.Domain.Fiscal;
using DxEvents.Domain.Kpis;
using static DxEvents.Domain.Tests.Spec;

namespace DxEvents.Domain.Tests.Kpis;

/// <summary>The office's review of figures: only a waiting figure is confirmed or returned, never by whoever recorded it, and a
/// correction (of a returned or a confirmed figure) waits again.</summary>
public class KpiReviewTests
{
    private const string Department = "美馬市 情報政策課 田中";
    private const string Office = "美馬市 DX推進室 佐藤";

    private static readonly KpiDefined Users = KpiFigureTests.Users;
    private static readonly KpiMeasured Recorded = new("mima-dx", "k01", "m01", 2025, 1, 40m, null);
    private static readonly KpiFigureSubmittedForReview Submitted = new("mima-dx", "k01", "m01", 2025, 1, 40m);
    private static readonly KpiFigureConfirmed Confirmed = new("mima-dx", "k01", "m01", 2025, 1, 40m);
    private static readonly KpiFigureReturned Returned = new("mima-dx", "k01", "m01", 2025, 1, 40m, "内訳を添付してください");

    /// <summary>The figures are the department's, the review events the office's.</summary>
    private static IReadOnlyList<IDomainEvent> When(KpiCommand command, params IReadOnlyList<IDomainEvent> given) =>
        KpiDecider.Decide(KpiState.From(given.Select(e => (e, e is KpiFigureConfirmed or KpiFigureReturned ? Office : Department))), command, Now);

    [Fact]
    public void A_figure_recorded_under_review_waits_and_one_recorded_without_is_stored_as_before()
    {
        // The figure's own event is the same with review or without; a second event holds it for the office.
        ThenEvents(When(new RecordKpiFigure(2025, 1, 40m, null, UnderReview: true), Users), Recorded, Submitted);
        ThenEvents(When(new RecordKpiFigure(2025, 1, 40m, null), Users), Recorded);
    }

    [Fact]
    public void The_office_confirms_a_waiting_figure_naming_the_value_confirmed() =>
        ThenEvents(When(new ConfirmKpiFigure(2025, 1, 40m, Office), Users, Recorded, Submitted), Confirmed);

    [Fact]
    public void The_office_returns_a_waiting_figure_with_its_reason() =>
        ThenEvents(When(new ReturnKpiFigure(2025, 1, 40m, "内訳を添付してください", Office), Users, Recorded, Submitted), Returned);

    [Fact]
    public void A_return_needs_a_reason() =>
        ThenRefused(() => When(new ReturnKpiFigure(2025, 1, 40m, " ", Office), Users, Recorded, Submitted), DomainErrorKind.RuleBroken, "reason");

    [Fact]
    public void Whoever_recorded_a_figure_cannot_review_it()
    {
        var error = ThenRefused(() => When(new ConfirmKpiFigure(2025, 1, 40m, Department), Users, Recorded, Submitted), DomainErrorKind.Forbidden, "actor");
        Assert.Equal(new OwnFigureReview(new FiscalQuarter(2025, 1)), error.Error);
        ThenRefused(() => When(new ReturnKpiFigure(2025, 1, 40m, "理由", Department), Users, Recorded, Submitted), DomainErrorKind.Forbidden, "actor");
    }

    [Fact]
    public void Only_a_waiting_figure_is_reviewed()
    {
        var error = ThenRefused(() => When(new ConfirmKpiFigure(2025, 1, 40m, Office), Users, Recorded), DomainErrorKind.Conflict, "quarter");
        Assert.Equal(new FigureNotAwaitingReview(new FiscalQuarter(2025, 1), FigureReview.NotReviewed), error.Error);
        ThenRefused(() => When(new ConfirmKpiFigure(2025, 1, 40m, Office), Users, Recorded, Submitted, Confirmed), DomainErrorKind.Conflict, "quarter");
        ThenRefused(() => When(new ReturnKpiFigure(2025, 1, 40m, "理由", Office), Users, Recorded, Submitted, Confirmed), DomainErrorKind.Conflict, "quarter");
        ThenRefused(() => When(new ConfirmKpiFigure(2025, 1, 40m, Office), Users, Recorded, Submitted, Returned), DomainErrorKind.Conflict, "quarter");
        ThenRefused(() => When(new ConfirmKpiFigure(2025, 2, 40m, Office), Users, Recorded, Submitted), DomainErrorKind.NotFound, "quarter");
        ThenRefused(() => When(new ConfirmKpiFigure(2025, 5, 40m, Office), Users, Recorded, Submitted), DomainErrorKind.RuleBroken, "quarter");
    }

    [Fact]
    public void A_returned_figure_is_submitted_again_by_a_correction_even_unchanged_and_then_waits_again()
    {
        var again = When(new CorrectKpiFigure(2025, 1, 40m, "内訳を添付しました", UnderReview: true), Users, Recorded, Submitted, Returned);
        ThenEvents(again, new KpiMeasurementCorrected("mima-dx", "k01", "m01", 2025, 1, 40m, 40m, "内訳を添付しました"), Submitted);
        ThenEvents(When(new ConfirmKpiFigure(2025, 1, 40m, Office), Users, Recorded, Submitted, Returned, again[0], again[1]), Confirmed);
    }

    [Fact]
    public void A_correction_after_confirmation_waits_again_and_the_confirmation_names_the_new_value()
    {
        var corrected = new KpiMeasurementCorrected("mima-dx", "k01", "m01", 2025, 1, 44m, 40m, "集計漏れ");
        var resubmitted = new KpiFigureSubmittedForReview("mima-dx", "k01", "m01", 2025, 1, 44m);
        ThenEvents(When(new CorrectKpiFigure(2025, 1, 44m, "集計漏れ", UnderReview: true), Users, Recorded, Submitted, Confirmed), corrected, resubmitted);
        ThenEvents(When(new ConfirmKpiFigure(2025, 1, 44m, Office), Users, Recorded, Submitted, Confirmed, corrected, resubmitted),
            new KpiFigureConfirmed("mima-dx", "k01", "m01", 2025, 1, 44m));
        // An unchanged correction of a figure that was not returned is still noise.
        ThenRefused(() => When(new CorrectKpiFigure(2025, 1, 40m, "再提出", UnderReview: true), Users, Recorded, Submitted, Confirmed), DomainErrorKind.Conflict, "value");
    }

    [Fact]
    public void The_office_decides_on_the_figure_it_saw_not_one_corrected_since()
    {
        IDomainEvent[] corrected = [new KpiMeasurementCorrected("mima-dx", "k01", "m01", 2025, 1, 44m, 40m, "集計漏れ"),
            new KpiFigureSubmittedForReview("mima-dx", "k01", "m01", 2025, 1, 44m)];
        var error = ThenRefused(() => When(new ConfirmKpiFigure(2025, 1, 40m, Office), [Users, Recorded, Submitted, .. corrected]), DomainErrorKind.Conflict, "value");
        Assert.Equal(new ReviewedFigureChanged(new FiscalQuarter(2025, 1), 40m, 44m), error.Error);
        ThenRefused(() => When(new ReturnKpiFigure(2025, 1, 40m, "理由", Office), [Users, Recorded, Submitted, .. corrected]), DomainErrorKind.Conflict, "value");
    }

    [Fact]
    public void A_correction_without_review_ends_the_wait_and_counts_as_recorded()
    {
        var state = KpiState.From([(Users, Department), (Recorded, Department), (Submitted, Department),
            (new KpiMeasurementCorrected("mima-dx", "k01", "m01", 2025, 1, 41m, 40m, "再計算"), Department)]);
        Assert.Equal(FigureReview.NotReviewed, state.ReviewOf(2025, 1));
        ThenRefused(() => KpiDecider.Decide(state, new ConfirmKpiFigure(2025, 1, 40m, Office), Now), DomainErrorKind.Conflict, "quarter");
    }
}
