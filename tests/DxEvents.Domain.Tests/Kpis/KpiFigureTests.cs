using DxEvents.Domain.Kpis;
using static DxEvents.Domain.Tests.Spec;

namespace DxEvents.Domain.Tests.Kpis;

public class KpiFigureTests
{
    internal static readonly KpiDefined Users = new("mima-dx", "k01", "m01", "利用者数", "人", KpiKind.Flow, null,
        KpiDirection.Increase, null, new KpiTarget(300m, 2024, 2022), null);

    internal static readonly KpiDefined Telework = new("misaki-dx", "k09", "m09", "テレワーク制度の導入", null, KpiKind.Milestone, null,
        KpiDirection.Increase, null, new KpiTarget(null, 2025, null), null);

    private static readonly KpiMeasured Q1 = new("mima-dx", "k01", "m01", 2025, 1, 40m, null);

    private static IReadOnlyList<IDomainEvent> When(KpiCommand command, params IDomainEvent[] given) =>
        KpiDecider.Decide(KpiState.From(given), command, Now);

    [Fact]
    public void A_quarterly_figure_is_recorded() =>
        ThenEvents(When(new RecordKpiFigure(2025, 1, 40m, "速報"), Users), new KpiMeasured("mima-dx", "k01", "m01", 2025, 1, 40m, "速報"));

    [Fact]
    public void The_current_quarter_may_be_recorded() =>
        ThenEvents(When(new RecordKpiFigure(2025, 2, 5m, null), Users), new KpiMeasured("mima-dx", "k01", "m01", 2025, 2, 5m, null));

    [Fact]
    public void A_quarter_that_has_not_started_is_refused() =>
        ThenRefused(() => When(new RecordKpiFigure(2025, 3, 1m, null), Users), DomainErrorKind.RuleBroken, "quarter");

    [Theory]
    [InlineData(0)]
    [InlineData(5)]
    public void Quarters_are_one_to_four(int quarter) =>
        ThenRefused(() => When(new RecordKpiFigure(2024, quarter, 1m, null), Users), DomainErrorKind.RuleBroken, "quarter");

    [Fact]
    public void A_figure_needs_a_real_fiscal_year() =>
        ThenRefused(() => When(new RecordKpiFigure(24, 1, 1m, null), Users), DomainErrorKind.RuleBroken, "fiscalYear");

    [Fact]
    public void A_recorded_quarter_is_refused_with_the_figure_it_has_and_no_route()
    {
        var error = ThenRefused(() => When(new RecordKpiFigure(2025, 1, 41m, null), Users, Q1), DomainErrorKind.Conflict, "quarter");
        Assert.Equal(new FigureAlreadyRecorded(new DxEvents.Domain.Fiscal.FiscalQuarter(2025, 1), 40m), error.Error);
        // Where the correction goes is the service's to say (links.correction in the API's problem details).
        Assert.DoesNotContain("/plans/", error.Error.Ja + error.Error.En, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void A_milestone_is_done_or_not(int value) =>
        Assert.Single(When(new RecordKpiFigure(2025, 1, value, null), Telework));

    [Fact]
    public void A_milestone_figure_other_than_zero_or_one_is_refused() =>
        ThenRefused(() => When(new RecordKpiFigure(2025, 1, 0.5m, null), Telework), DomainErrorKind.RuleBroken, "value");

    [Fact]
    public void A_figure_beyond_any_kpi_is_refused_so_window_sums_cannot_overflow()
    {
        ThenRefused(() => When(new RecordKpiFigure(2025, 1, 5e28m, null), Users), DomainErrorKind.RuleBroken, "value");
        ThenRefused(() => When(new CorrectKpiFigure(2025, 1, -2e15m, "typo"), Users, Q1), DomainErrorKind.RuleBroken, "value");
    }

    [Fact]
    public void An_unknown_kpi_is_not_found() =>
        ThenRefused(() => When(new RecordKpiFigure(2025, 1, 1m, null)), DomainErrorKind.NotFound, "kpiId");

    [Fact]
    public void A_correction_names_the_value_it_replaces() =>
        ThenEvents(When(new CorrectKpiFigure(2025, 1, 44m, "集計漏れ"), Users, Q1),
            new KpiMeasurementCorrected("mima-dx", "k01", "m01", 2025, 1, 44m, 40m, "集計漏れ"));

    [Fact]
    public void A_second_correction_replaces_the_first_correction()
    {
        var first = new KpiMeasurementCorrected("mima-dx", "k01", "m01", 2025, 1, 44m, 40m, "集計漏れ");
        var second = (KpiMeasurementCorrected)Assert.Single(When(new CorrectKpiFigure(2025, 1, 45m, "再集計"), Users, Q1, first));
        Assert.Equal(44m, second.PreviousValue);
    }

    [Fact]
    public void A_correction_needs_a_reason() =>
        ThenRefused(() => When(new CorrectKpiFigure(2025, 1, 44m, ""), Users, Q1), DomainErrorKind.RuleBroken, "reason");

    [Fact]
    public void A_correction_of_an_unrecorded_quarter_is_not_found() =>
        ThenRefused(() => When(new CorrectKpiFigure(2024, 4, 44m, "r"), Users, Q1), DomainErrorKind.NotFound, "quarter");

    [Fact]
    public void A_correction_that_changes_nothing_is_refused() =>
        ThenRefused(() => When(new CorrectKpiFigure(2025, 1, 40m, "r"), Users, Q1), DomainErrorKind.Conflict, "value");

    [Fact]
    public void A_milestone_correction_is_done_or_not() =>
        ThenRefused(() => When(new CorrectKpiFigure(2025, 1, 2m, "r"), Telework, new KpiMeasured("misaki-dx", "k09", "m09", 2025, 1, 0m, null)),
            DomainErrorKind.RuleBroken, "value");
}
