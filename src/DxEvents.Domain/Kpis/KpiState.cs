using System.Collections.Immutable;

namespace DxEvents.Domain.Kpis;

/// <summary>Where a quarter's figure in force stands in the office's review.</summary>
public enum FigureReview
{
    /// <summary>Recorded while review was off: it counts as recorded.</summary>
    NotReviewed,

    /// <summary>Recorded or corrected while review was on: the office has not decided yet.</summary>
    Waiting,

    Confirmed,

    /// <summary>Sent back to its department: a correction submits it again.</summary>
    Returned,
}

/// <summary>The review of a quarter's figure in force, and who recorded that version (who may not review it).</summary>
public sealed record FigureReviewState(FigureReview Review, string RecordedBy);

/// <summary>What Decide needs about one KPI's stream: its definition, the current value per quarter, and the review of each
/// figure recorded under review (a quarter absent from Reviews was recorded without review).</summary>
public sealed record KpiState(
    bool Exists,
    string PlanId,
    string KpiId,
    string MeasureId,
    KpiKind Kind,
    KpiBaseline? Baseline,
    KpiTarget? Target,
    ImmutableDictionary<(int FiscalYear, int Quarter), decimal> Figures,
    ImmutableDictionary<(int FiscalYear, int Quarter), FigureReviewState> Reviews)
{
    public static KpiState Initial { get; } = new(
        false, "", "", "", KpiKind.Level, null, null, ImmutableDictionary<(int, int), decimal>.Empty,
        ImmutableDictionary<(int, int), FigureReviewState>.Empty);

    public static KpiState From(IEnumerable<IDomainEvent> events) => events.Aggregate(Initial, Evolve);

    /// <summary>The fold with each event's actor, which review needs.</summary>
    public static KpiState From(IEnumerable<(IDomainEvent Event, string Actor)> events) =>
        events.Aggregate(Initial, (state, e) => Evolve(state, e.Event, e.Actor));

    public static KpiState Evolve(KpiState state, IDomainEvent domainEvent) => Evolve(state, domainEvent, "");

    public static KpiState Evolve(KpiState state, IDomainEvent domainEvent, string actor)
    {
        ArgumentNullException.ThrowIfNull(state);
        return domainEvent switch
        {
            KpiDefined e => state with
            {
                Exists = true,
                PlanId = e.PlanId,
                KpiId = e.KpiId,
                MeasureId = e.MeasureId,
                Kind = e.Kind,
                Baseline = e.Baseline,
                Target = e.Target,
            },
            KpiTargetRevised e => state with { Target = e.Target },
            KpiBaselineRevised e => state with { Baseline = e.Baseline },
            KpiMeasured e => Figure(state, (e.FiscalYear, e.Quarter), e.Value),
            KpiMeasurementCorrected e => Figure(state, (e.FiscalYear, e.Quarter), e.Value),
            KpiFigureSubmittedForReview e => state with
            {
                Reviews = state.Reviews.SetItem((e.FiscalYear, e.Quarter), new FigureReviewState(FigureReview.Waiting, actor)),
            },
            KpiFigureConfirmed e => Decided(state, (e.FiscalYear, e.Quarter), FigureReview.Confirmed),
            KpiFigureReturned e => Decided(state, (e.FiscalYear, e.Quarter), FigureReview.Returned),
            _ => state,
        };
    }

    public FigureReview ReviewOf(int fiscalYear, int quarter) =>
        Reviews.TryGetValue((fiscalYear, quarter), out var r) ? r.Review : FigureReview.NotReviewed;

    /// <summary>A new version of the quarter's figure counts as recorded unless a KpiFigureSubmittedForReview follows it.</summary>
    private static KpiState Figure(KpiState state, (int, int) quarter, decimal value) => state with
    {
        Figures = state.Figures.SetItem(quarter, value),
        Reviews = state.Reviews.Remove(quarter),
    };

    private static KpiState Decided(KpiState state, (int, int) quarter, FigureReview review) =>
        state.Reviews.TryGetValue(quarter, out var r) ? state with { Reviews = state.Reviews.SetItem(quarter, r with { Review = review }) } : state;
}
