using DxEvents.Domain.Input;
using DxEvents.Domain.Kpis;
using DxEvents.Domain.Measures;
using DxEvents.Domain.Plans;
using DxEvents.Domain.Tests.Kpis;
using static DxEvents.Domain.Tests.Spec;

namespace DxEvents.Domain.Tests.Input;

/// <summary>The bounds every Decide holds input to (docs/bounds-and-hostile-input.md), checked before anything is appended.</summary>
public class InputBoundsTests
{
    private static readonly MeasureRegistered Registered = new("mima-dx", "m01", "p1", "スマート申請", null, null);

    private static readonly PlanAdopted Adopted = new("mima-dx", "美馬市DX推進計画", new Municipality("美馬市", "徳島県", "362077"), "2023-03",
        2023, 2027, null, "千円", Tolerances.Default);

    private static IReadOnlyList<IDomainEvent> Measure(MeasureCommand command, params IDomainEvent[] given) =>
        MeasureDecider.Decide(MeasureState.From(given), command, Now);

    private static IReadOnlyList<IDomainEvent> Kpi(KpiCommand command) =>
        KpiDecider.Decide(KpiState.From([KpiFigureTests.Users]), command, Now);

    [Theory]
    [InlineData(1.5, 1)]
    [InlineData(2, 0)]
    [InlineData(0.000001, 6)]
    public void Decimals_count_the_places_that_carry_a_digit(double value, int places) => Assert.Equal(places, Bounds.Decimals((decimal)value));

    [Fact]
    public void Trailing_zeros_as_written_are_not_decimals() => Assert.Equal(1, Bounds.Decimals(1.5000000000m));

    [Theory]
    [InlineData("5e-324", true)]
    [InlineData("0.0", false)]
    [InlineData("0e10", false)]
    [InlineData("-0", false)]
    public void A_number_too_small_for_a_decimal_underflows_when_its_digits_are_not_all_zero(string raw, bool underflows) =>
        Assert.Equal(underflows, Bounds.Underflows(raw, 0m));

    [Theory]
    [InlineData("a\u0000b", true, '\u0000')]
    [InlineData("a\u007Fb", true, '\u007F')]
    [InlineData("行1\r\n行2\t続き", true, null)]
    [InlineData("行1\n行2", false, '\n')]
    [InlineData("ふつうの文", false, null)]
    public void Control_characters_are_forbidden_except_tab_and_line_breaks_in_multi_line_text(string text, bool multiLine, char? forbidden) =>
        Assert.Equal(forbidden, Bounds.ForbiddenCharacter(text, multiLine));

    [Theory]
    [InlineData("0b0c4b1e-8f3a-4d5e-9a61-2f7d3c1b9e20", true)]
    [InlineData("retry-1", true)]
    [InlineData("with space", false)]
    [InlineData("日本語", false)]
    [InlineData("", false)]
    public void An_Idempotency_Key_is_printable_ASCII_without_spaces(string key, bool valid) => Assert.Equal(valid, Bounds.IsIdempotencyKey(key));

    [Fact]
    public void An_Idempotency_Key_is_at_most_200_characters()
    {
        Assert.True(Bounds.IsIdempotencyKey(new string('k', 200)));
        Assert.False(Bounds.IsIdempotencyKey(new string('k', 201)));
    }

    [Fact]
    public void The_largest_amount_summed_ninety_million_times_still_fits_in_64_bits() =>
        Assert.True(Bounds.MaxAmount * 90_000_000m <= long.MaxValue);

    [Theory]
    [InlineData(1, 1, 1)]
    [InlineData(1989, 3, 31)]
    [InlineData(2101, 4, 1)]
    [InlineData(9999, 12, 31)]
    public void A_measure_cannot_start_outside_the_supported_fiscal_years(int year, int month, int day) =>
        ThenRefused(() => Measure(new StartMeasure(new DateOnly(year, month, day), null), Registered), DomainErrorKind.RuleBroken, "on");

    [Fact]
    public void A_measure_may_start_on_the_first_supported_day() =>
        Assert.Single(Measure(new StartMeasure(new DateOnly(1989, 4, 1), null), Registered));

    [Fact]
    public void A_note_with_NUL_is_refused_before_any_event() =>
        ThenRefused(() => Measure(new StartMeasure(new DateOnly(2025, 4, 1), "a\u0000b"), Registered), DomainErrorKind.RuleBroken, "note");

    [Fact]
    public void A_reason_longer_than_2000_characters_is_refused() =>
        ThenRefused(() => Measure(new ReviseBudget(2025, 1, 1, [], new string('理', 2_001)), Registered), DomainErrorKind.RuleBroken, "reason");

    [Theory]
    [InlineData(100_000_000_001L, 0L, 0L, "total")]
    [InlineData(1L, 100_000_000_001L, 0L, "generalFunds")]
    [InlineData(1L, 0L, 4_611_686_018_427_387_904L, "funding")]
    public void Amounts_above_100_trillion_yen_are_refused(long total, long generalFunds, long funded, string field) =>
        ThenRefused(() => Measure(new ReviseBudget(2025, total, generalFunds, funded > 0 ? [new("交付金", funded), new("補助金", funded)] : [], "補正"), Registered),
            DomainErrorKind.RuleBroken, field);

    [Fact]
    public void Funding_lines_whose_sum_passes_64_bits_are_a_refusal_of_the_amount_not_an_overflow() =>
        Assert.Equal("funding", Assert.Single(BudgetChecks.Inconsistencies(new BudgetFigures(1, 0, [new("交付金", long.MaxValue), new("補助金", long.MaxValue)]))).Field);

    [Fact]
    public void The_largest_amount_is_accepted() =>
        Assert.Single(Measure(new ReviseBudget(2025, Bounds.MaxAmount, Bounds.MaxAmount, [new("交付金", Bounds.MaxAmount)], "補正"), Registered));

    [Fact]
    public void A_funding_source_is_one_line() =>
        ThenRefused(() => Measure(new ReviseBudget(2025, 1, 1, [new("交付\n金", 1)], "補正"), Registered), DomainErrorKind.RuleBroken, "funding");

    [Theory]
    [InlineData("-79000000000000000000000000000")]
    [InlineData("1000000000000001")]
    public void A_target_beyond_ten_to_the_fifteen_is_refused(string value) =>
        ThenRefused(() => Kpi(new ReviseKpiTarget(decimal.Parse(value, System.Globalization.CultureInfo.InvariantCulture), 2025, null, "見直し")),
            DomainErrorKind.RuleBroken, "value");

    [Fact]
    public void A_figure_with_seven_decimal_places_is_refused_six_are_kept() =>
        Assert.Multiple(
            () => ThenRefused(() => Kpi(new RecordKpiFigure(2025, 1, 1.0000001m, null)), DomainErrorKind.RuleBroken, "value"),
            () => Assert.Single(Kpi(new RecordKpiFigure(2025, 1, 1.000001m, null))));

    [Fact]
    public void A_baseline_is_held_to_the_same_range() =>
        ThenRefused(() => Kpi(new ReviseKpiBaseline(-1_000_000_000_000_001m, 2020, "見直し")), DomainErrorKind.RuleBroken, "value");

    [Fact]
    public void A_tolerance_has_at_most_four_decimal_places() =>
        ThenRefused(() => PlanDecider.Decide(PlanState.From([Adopted]), new ReviseTolerances(0.00001m, 0.25m, "見直し"), Now), DomainErrorKind.RuleBroken, "onTrack");

    [Fact]
    public void A_fiscal_year_before_Heisei_is_refused() =>
        ThenRefused(() => Kpi(new RecordKpiFigure(1988, 1, 1m, null)), DomainErrorKind.RuleBroken, "fiscalYear");
}
