using DxEvents.Domain.Deadlines;
using DxEvents.Domain.Plans;

namespace DxEvents.Domain.Tests.Deadlines;

/// <summary>A quarter's deadline on a plan running FY2023–FY2025.</summary>
public sealed class DeadlineDeciderTests
{
    private static readonly PlanState Plan = PlanState.From(
    [
        new PlanAdopted("mima-dx", "美馬市DX推進計画", new Municipality("美馬市", "徳島県", null), "2023-03", 2023, 2025, null, "千円", Tolerances.Default),
    ]);

    private static IReadOnlyList<IDomainEvent> Set(PlanState state, int year, int quarter, DateOnly due, string? reason = null) =>
        PlanDecider.Decide(state, new SetFiguresDeadline(year, quarter, due, reason), Spec.Now);

    [Fact]
    public void The_first_deadline_of_a_quarter_needs_no_reason()
    {
        // FY2025 Q2 is Jul–Sep 2025: its last day is 2025-09-30, so 2025-10-15 lies after it.
        Spec.ThenEvents(Set(Plan, 2025, 2, new DateOnly(2025, 10, 15)),
            new FiguresDeadlineSet("mima-dx", 2025, 2, new DateOnly(2025, 10, 15), null, null));
    }

    [Fact]
    public void A_moved_deadline_names_the_one_it_replaces_and_needs_a_reason()
    {
        var state = PlanState.Evolve(Plan, new FiguresDeadlineSet("mima-dx", 2025, 2, new DateOnly(2025, 10, 15), null, null));
        Assert.Equal(new DateOnly(2025, 10, 15), state.Deadlines[new DxEvents.Domain.Fiscal.FiscalQuarter(2025, 2)]);

        Spec.ThenRefused(() => Set(state, 2025, 2, new DateOnly(2025, 10, 31)), DomainErrorKind.RuleBroken, "reason");
        Spec.ThenEvents(Set(state, 2025, 2, new DateOnly(2025, 10, 31), "議会日程のため延長"),
            new FiguresDeadlineSet("mima-dx", 2025, 2, new DateOnly(2025, 10, 31), new DateOnly(2025, 10, 15), "議会日程のため延長"));
    }

    [Fact]
    public void The_same_deadline_again_is_a_conflict_that_says_so()
    {
        var state = PlanState.Evolve(Plan, new FiguresDeadlineSet("mima-dx", 2025, 2, new DateOnly(2025, 10, 15), null, null));
        var error = Spec.ThenRefused(() => Set(state, 2025, 2, new DateOnly(2025, 10, 15), "同じ"), DomainErrorKind.Conflict, "due");
        Assert.Equal("FY2025 Q2（令和7年度第2四半期）の提出期限は既に2025年10月15日です。", error.Error.Ja);
    }

    [Fact]
    public void Another_quarters_deadline_is_its_own()
    {
        var state = PlanState.Evolve(Plan, new FiguresDeadlineSet("mima-dx", 2025, 2, new DateOnly(2025, 10, 15), null, null));
        Spec.ThenEvents(Set(state, 2025, 3, new DateOnly(2026, 1, 15)),
            new FiguresDeadlineSet("mima-dx", 2025, 3, new DateOnly(2026, 1, 15), null, null));
    }

    [Theory]
    // The quarter's last day itself is not after it; the day after is.
    [InlineData(2025, 2, "2025-09-30", "due")]
    [InlineData(2025, 2, "2025-07-01", "due")]
    // 2025-09-30 + 365 days = 2026-09-30 is the latest; a day later is too late.
    [InlineData(2025, 2, "2026-10-01", "due")]
    // FY2022 and FY2026 lie outside FY2023–FY2025.
    [InlineData(2022, 4, "2023-04-15", "fiscalYear")]
    [InlineData(2026, 1, "2026-07-15", "fiscalYear")]
    [InlineData(2025, 5, "2026-07-15", "quarter")]
    [InlineData(25, 1, "2026-07-15", "fiscalYear")]
    public void A_deadline_the_rules_refuse_names_its_field(int year, int quarter, string due, string field) =>
        Spec.ThenRefused(() => Set(Plan, year, quarter, DateOnly.Parse(due, System.Globalization.CultureInfo.InvariantCulture)),
            DomainErrorKind.RuleBroken, field);

    [Fact]
    public void The_first_and_last_days_allowed_are_taken()
    {
        Assert.Single(Set(Plan, 2025, 2, new DateOnly(2025, 10, 1)));
        Assert.Single(Set(Plan, 2025, 2, new DateOnly(2026, 9, 30)));
    }

    [Fact]
    public void A_plan_revised_to_fewer_years_refuses_a_quarter_it_no_longer_holds()
    {
        var state = PlanState.Evolve(Plan, new PlanRevised("mima-dx", "2024-03", "美馬市DX推進計画", 2023, 2024, null, "期間短縮"));
        Spec.ThenRefused(() => Set(state, 2025, 1, new DateOnly(2025, 7, 15)), DomainErrorKind.RuleBroken, "fiscalYear");
    }

    [Fact]
    public void No_plan_no_deadline() =>
        Spec.ThenRefused(() => Set(PlanState.Initial, 2025, 2, new DateOnly(2025, 10, 15)), DomainErrorKind.NotFound, "planId");
}
