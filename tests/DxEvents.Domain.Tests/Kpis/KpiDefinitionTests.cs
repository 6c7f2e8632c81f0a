using DxEvents.Domain.Kpis;
using DxEvents.Domain.Plans;
using static DxEvents.Domain.Tests.Kpis.KpiFigureTests;
using static DxEvents.Domain.Tests.Spec;

namespace DxEvents.Domain.Tests.Kpis;

public class KpiDefinitionTests
{
    private static IReadOnlyList<IDomainEvent> When(KpiCommand command, params IDomainEvent[] given) =>
        KpiDecider.Decide(KpiState.From(given), command, Now);

    [Fact]
    public void A_target_revision_carries_the_previous_target() =>
        ThenEvents(When(new ReviseKpiTarget(400m, 2025, 2022, "交付金計画変更"), Users),
            new KpiTargetRevised("mima-dx", "k01", "m01", new KpiTarget(400m, 2025, 2022), Users.Target, "交付金計画変更"));

    [Fact]
    public void A_target_revision_needs_a_reason() =>
        ThenRefused(() => When(new ReviseKpiTarget(400m, 2025, null, ""), Users), DomainErrorKind.RuleBroken, "reason");

    [Fact]
    public void A_window_cannot_start_after_the_target_year() =>
        ThenRefused(() => When(new ReviseKpiTarget(400m, 2024, 2025, "r"), Users), DomainErrorKind.RuleBroken, "fromFiscalYear");

    [Fact]
    public void A_target_needs_a_value() =>
        ThenRefused(() => When(new ReviseKpiTarget(null, 2025, null, "r"), Users), DomainErrorKind.RuleBroken, "value");

    [Fact]
    public void A_milestone_target_has_no_value() =>
        ThenRefused(() => When(new ReviseKpiTarget(1m, 2026, null, "r"), Telework), DomainErrorKind.RuleBroken, "value");

    [Fact]
    public void A_milestone_deadline_can_move() =>
        ThenEvents(When(new ReviseKpiTarget(null, 2026, null, "延期"), Telework),
            new KpiTargetRevised("misaki-dx", "k09", "m09", new KpiTarget(null, 2026, null), Telework.Target, "延期"));

    [Fact]
    public void A_target_year_must_be_a_fiscal_year() =>
        ThenRefused(() => When(new ReviseKpiTarget(1m, 0, null, "r"), Users), DomainErrorKind.RuleBroken, "fiscalYear");

    [Fact]
    public void A_baseline_revision_carries_the_previous_baseline_or_null() =>
        ThenEvents(When(new ReviseKpiBaseline(12m, 2022, "実績判明"), Users),
            new KpiBaselineRevised("mima-dx", "k01", "m01", new KpiBaseline(12m, 2022), null, "実績判明"));

    [Fact]
    public void A_baseline_revision_needs_a_reason() =>
        ThenRefused(() => When(new ReviseKpiBaseline(12m, 2022, " "), Users), DomainErrorKind.RuleBroken, "reason");

    [Fact]
    public void A_milestone_has_no_baseline() =>
        ThenRefused(() => When(new ReviseKpiBaseline(0m, 2022, "r"), Telework), DomainErrorKind.RuleBroken, "value");
}

public class PlanToleranceTests
{
    private static readonly PlanAdopted Adopted = new("mima-dx", "美馬市DX推進計画", new Municipality("美馬市", "徳島県", null),
        "2023-03", 2023, 2025, null, "千円", Tolerances.Default);

    private static IReadOnlyList<IDomainEvent> When(PlanCommand command, params IDomainEvent[] given) =>
        PlanDecider.Decide(PlanState.From(given), command, Now);

    [Fact]
    public void Tolerances_are_revised_with_the_previous_ones() =>
        ThenEvents(When(new ReviseTolerances(0.05m, 0.20m, "本部決定"), Adopted),
            new ToleranceRevised("mima-dx", new Tolerances(0.05m, 0.20m), Tolerances.Default, "本部決定"));

    [Fact]
    public void Equal_tolerances_are_allowed() => Assert.Single(When(new ReviseTolerances(0.2m, 0.2m, "r"), Adopted));

    [Fact]
    public void A_revision_needs_a_reason() =>
        ThenRefused(() => When(new ReviseTolerances(0.05m, 0.20m, ""), Adopted), DomainErrorKind.RuleBroken, "reason");

    [Theory]
    [InlineData(-0.01, 0.2, "onTrack")]
    [InlineData(1.01, 1.0, "onTrack")]
    [InlineData(0.3, 0.2, "atRisk")] // atRisk below onTrack
    [InlineData(0.1, 1.01, "atRisk")]
    public void Tolerances_must_satisfy_zero_onTrack_atRisk_one(double onTrack, double atRisk, string field) =>
        ThenRefused(() => When(new ReviseTolerances((decimal)onTrack, (decimal)atRisk, "r"), Adopted), DomainErrorKind.RuleBroken, field);

    [Fact]
    public void An_unknown_plan_is_not_found() =>
        ThenRefused(() => When(new ReviseTolerances(0.1m, 0.2m, "r")), DomainErrorKind.NotFound, "planId");

    [Fact]
    public void The_plan_state_follows_revisions()
    {
        var state = PlanState.From([Adopted, new PillarAdded("mima-dx", "p1", "t", 1),
            new ToleranceRevised("mima-dx", new Tolerances(0.05m, 0.2m), Tolerances.Default, "r")]);
        Assert.Equal(new Tolerances(0.05m, 0.2m), state.Tolerances);
        Assert.Equal(["p1"], state.PillarIds);
    }
}
