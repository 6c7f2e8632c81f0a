using DxEvents.Domain.Measures;
using static DxEvents.Domain.Tests.Spec;

namespace DxEvents.Domain.Tests.Measures;

public class MeasureLifecycleTests
{
    private static readonly DateOnly May1 = new(2025, 5, 1);
    private static readonly DateOnly Jun1 = new(2025, 6, 1);
    private static readonly MeasureRegistered Registered = new("mima-dx", "m01", "p1", "スマート申請", null, "市民課");
    private static readonly MeasureStarted Started = new("mima-dx", "m01", May1, null);
    private static readonly MeasureSuspended Suspended = new("mima-dx", "m01", Jun1, "予算凍結");

    private static IReadOnlyList<IDomainEvent> When(MeasureCommand command, params IDomainEvent[] given) =>
        MeasureDecider.Decide(MeasureState.From(given), command, Now);

    [Fact]
    public void A_planned_measure_starts() =>
        ThenEvents(When(new StartMeasure(May1, "キックオフ"), Registered), new MeasureStarted("mima-dx", "m01", May1, "キックオフ"));

    [Fact]
    public void A_measure_starts_only_once() =>
        ThenRefused(() => When(new StartMeasure(Jun1, null), Registered, Started), DomainErrorKind.Conflict, "measureId");

    [Fact]
    public void An_unknown_measure_is_not_found() =>
        ThenRefused(() => When(new StartMeasure(May1, null)), DomainErrorKind.NotFound, "measureId");

    [Fact]
    public void A_start_date_in_the_future_is_refused() =>
        ThenRefused(() => When(new StartMeasure(new DateOnly(2025, 8, 16), null), Registered), DomainErrorKind.RuleBroken, "on");

    [Fact]
    public void Today_is_the_date_in_japan_not_utc()
    {
        // 2025-08-14T23:30Z is 08:30 on 15 Aug in Japan: the 15th is today, not the future.
        var earlyMorning = new DateTimeOffset(2025, 8, 14, 23, 30, 0, TimeSpan.Zero);
        var events = MeasureDecider.Decide(MeasureState.From([Registered]), new StartMeasure(new DateOnly(2025, 8, 15), null), earlyMorning);
        Assert.IsType<MeasureStarted>(Assert.Single(events));
    }

    [Fact]
    public void A_started_measure_is_suspended_with_a_reason() =>
        ThenEvents(When(new SuspendMeasure(Jun1, "予算凍結"), Registered, Started), Suspended);

    [Fact]
    public void Suspending_needs_a_reason() =>
        ThenRefused(() => When(new SuspendMeasure(Jun1, " "), Registered, Started), DomainErrorKind.RuleBroken, "reason");

    [Fact]
    public void A_planned_measure_cannot_be_suspended() =>
        ThenRefused(() => When(new SuspendMeasure(Jun1, "r"), Registered), DomainErrorKind.Conflict, "measureId");

    [Fact]
    public void A_suspended_measure_resumes() =>
        ThenEvents(When(new ResumeMeasure(Jun1.AddDays(10), "再開"), Registered, Started, Suspended),
            new MeasureResumed("mima-dx", "m01", Jun1.AddDays(10), "再開"));

    [Fact]
    public void A_running_measure_cannot_resume() =>
        ThenRefused(() => When(new ResumeMeasure(Jun1, "r"), Registered, Started), DomainErrorKind.Conflict, "measureId");

    [Fact]
    public void Resuming_needs_a_reason() =>
        ThenRefused(() => When(new ResumeMeasure(Jun1, ""), Registered, Started, Suspended), DomainErrorKind.RuleBroken, "reason");

    [Fact]
    public void A_lifecycle_date_cannot_precede_the_last_change() =>
        ThenRefused(() => When(new ResumeMeasure(Jun1.AddDays(-1), "再開"), Registered, Started, Suspended), DomainErrorKind.Conflict, "on");

    [Fact]
    public void A_started_measure_completes() =>
        ThenEvents(When(new CompleteMeasure(Jun1, "完了"), Registered, Started), new MeasureCompleted("mima-dx", "m01", Jun1, "完了"));

    [Fact]
    public void Completing_needs_a_reason() =>
        ThenRefused(() => When(new CompleteMeasure(Jun1, ""), Registered, Started), DomainErrorKind.RuleBroken, "reason");

    [Fact]
    public void Completing_a_date_in_the_future_is_refused() =>
        ThenRefused(() => When(new CompleteMeasure(new DateOnly(2026, 1, 1), "完了"), Registered, Started), DomainErrorKind.RuleBroken, "on");

    [Fact]
    public void A_suspended_measure_must_resume_before_it_completes() =>
        ThenRefused(() => When(new CompleteMeasure(Jun1, "完了"), Registered, Started, Suspended), DomainErrorKind.Conflict, "measureId");

    [Fact]
    public void A_planned_measure_cannot_complete() =>
        ThenRefused(() => When(new CompleteMeasure(Jun1, "完了"), Registered), DomainErrorKind.Conflict, "measureId");

    [Theory]
    [InlineData(0)] // planned
    [InlineData(1)] // started
    [InlineData(2)] // suspended
    public void An_unfinished_measure_can_be_cancelled(int eventsAfterRegistration)
    {
        var given = new IDomainEvent[] { Registered, Started, Suspended }.Take(1 + eventsAfterRegistration).ToArray();
        ThenEvents(When(new CancelMeasure(Jun1, "廃止"), given), new MeasureCancelled("mima-dx", "m01", Jun1, "廃止"));
    }

    [Fact]
    public void Cancelling_needs_a_reason() =>
        ThenRefused(() => When(new CancelMeasure(Jun1, ""), Registered), DomainErrorKind.RuleBroken, "reason");

    [Fact]
    public void A_completed_measure_cannot_be_cancelled() =>
        ThenRefused(() => When(new CancelMeasure(Jun1, "廃止"), Registered, Started, new MeasureCompleted("mima-dx", "m01", Jun1, "完了")),
            DomainErrorKind.Conflict, "measureId");

    [Fact]
    public void A_cancelled_measure_cannot_start() =>
        ThenRefused(() => When(new StartMeasure(Jun1, null), Registered, new MeasureCancelled("mima-dx", "m01", May1, "廃止")),
            DomainErrorKind.Conflict, "measureId");
}
