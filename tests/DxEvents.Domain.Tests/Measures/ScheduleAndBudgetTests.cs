using DxEvents.Domain.Measures;
using static DxEvents.Domain.Tests.Spec;

namespace DxEvents.Domain.Tests.Measures;

public class ScheduleAndBudgetTests
{
    private static readonly DateOnly Jul1 = new(2025, 7, 1);
    private static readonly MeasureRegistered Registered = new("mima-dx", "m01", "p1", "スマート申請", null, null);
    private static readonly ScheduleItemPlanned Build = new("mima-dx", "m01", "s1", "システム構築", 2022, 2022);
    private static readonly BudgetFigures Fy2023 = new(3388, 3398, []);
    private static readonly BudgetPlanned Planned2023 = new("mima-dx", "m01", 2023, Fy2023, false, null);
    private static readonly BudgetPlanned Undetermined2025 = new("mima-dx", "m01", 2025, null, true, "比較結果により事業費決定");

    private static IReadOnlyList<IDomainEvent> When(MeasureCommand command, params IDomainEvent[] given) =>
        MeasureDecider.Decide(MeasureState.From(given), command, Now);

    [Fact]
    public void A_schedule_item_is_completed() =>
        ThenEvents(When(new CompleteScheduleItem("s1", Jul1, "稼働"), Registered, Build),
            new ScheduleItemCompleted("mima-dx", "m01", "s1", Jul1, "稼働"));

    [Fact]
    public void An_unknown_schedule_item_is_not_found() =>
        ThenRefused(() => When(new CompleteScheduleItem("s9", Jul1, null), Registered, Build), DomainErrorKind.NotFound, "itemId");

    [Fact]
    public void A_schedule_item_completes_once() =>
        ThenRefused(() => When(new CompleteScheduleItem("s1", Jul1, null), Registered, Build, new ScheduleItemCompleted("mima-dx", "m01", "s1", Jul1, null)),
            DomainErrorKind.Conflict, "itemId");

    [Fact]
    public void A_schedule_item_cannot_complete_in_the_future() =>
        ThenRefused(() => When(new CompleteScheduleItem("s1", new DateOnly(2025, 9, 1), null), Registered, Build), DomainErrorKind.RuleBroken, "on");

    [Fact]
    public void A_revision_carries_the_figures_it_replaces() =>
        ThenEvents(When(new ReviseBudget(2023, 3398, 3398, [new("交付金", 100)], "誤植訂正"), Registered, Planned2023),
            new BudgetRevised("mima-dx", "m01", 2023, new BudgetFigures(3398, 3398, [new("交付金", 100)]), Fy2023, "誤植訂正"));

    [Fact]
    public void A_revision_replaces_the_latest_revision_not_the_plan_figure()
    {
        var first = new BudgetRevised("mima-dx", "m01", 2023, new BudgetFigures(3398, 3398, []), Fy2023, "誤植訂正");
        var events = When(new ReviseBudget(2023, 4000, 4000, [], "補正予算"), Registered, Planned2023, first);
        Assert.Equal(first.Figures, ((BudgetRevised)Assert.Single(events)).Previous);
    }

    [Fact]
    public void Revising_an_undetermined_year_has_no_previous_figures() =>
        ThenEvents(When(new ReviseBudget(2025, 2288, 2288, [], "比較結果により決定"), Registered, Undetermined2025),
            new BudgetRevised("mima-dx", "m01", 2025, new BudgetFigures(2288, 2288, []), null, "比較結果により決定"));

    [Fact]
    public void Revising_a_year_outside_the_plan_has_no_previous_figures() =>
        ThenEvents(When(new ReviseBudget(2026, 10, 10, [], "延長"), Registered, Planned2023),
            new BudgetRevised("mima-dx", "m01", 2026, new BudgetFigures(10, 10, []), null, "延長"));

    [Fact]
    public void A_budget_revision_needs_a_reason() =>
        ThenRefused(() => When(new ReviseBudget(2023, 1, 1, [], ""), Registered), DomainErrorKind.RuleBroken, "reason");

    [Fact]
    public void A_negative_total_is_refused() =>
        ThenRefused(() => When(new ReviseBudget(2023, -1, 0, [], "r"), Registered), DomainErrorKind.RuleBroken, "total");

    [Fact]
    public void Negative_general_funds_are_refused() =>
        ThenRefused(() => When(new ReviseBudget(2023, 1, -1, [], "r"), Registered), DomainErrorKind.RuleBroken, "generalFunds");

    [Fact]
    public void A_negative_funding_amount_is_refused() =>
        ThenRefused(() => When(new ReviseBudget(2023, 1, 1, [new("交付金", -5)], "r"), Registered), DomainErrorKind.RuleBroken, "funding");

    [Fact]
    public void A_funding_line_needs_a_source() =>
        ThenRefused(() => When(new ReviseBudget(2023, 1, 1, [new(" ", 5)], "r"), Registered), DomainErrorKind.RuleBroken, "funding");

    [Fact]
    public void A_budget_year_must_be_a_fiscal_year() =>
        ThenRefused(() => When(new ReviseBudget(25, 1, 1, [], "r"), Registered), DomainErrorKind.RuleBroken, "fiscalYear");

    [Fact]
    public void Inconsistent_figures_are_reported_not_refused()
    {
        var findings = BudgetChecks.Inconsistencies(new BudgetFigures(3388, 3398, [new("交付金", 2000), new("補助金", 1400)]));
        Assert.Equal(["generalFunds", "funding"], findings.Select(f => f.Field));
        Assert.Contains("3,398", findings[0].Warning.En, StringComparison.Ordinal);
        Assert.Contains("3,398", findings[0].Warning.Ja, StringComparison.Ordinal);
        Assert.Empty(BudgetChecks.Inconsistencies(new BudgetFigures(3388, 3388, [new("交付金", 3388)])));
    }
}
