using System.Globalization;
using DxEvents.Domain.Kpis;
using JasperFx.Events;
using Marten.Events.Projections;

namespace DxEvents.Api.Projections;

/// <summary>One KPI's figure for one quarter: the figure in force, the one first recorded, how many corrections, who last touched
/// it, and where the figure in force stands in the office's review (rows written before review existed read NotReviewed).</summary>
public sealed record KpiFigure(
    string Id, string PlanId, string KpiId, int FiscalYear, int Quarter, decimal Value, decimal FirstValue, int Corrections,
    string LastActor, DateTimeOffset LastRecorded, long LastSequence, FigureReview Review = FigureReview.NotReviewed)
{
    public static string IdOf(string planId, string kpiId, int fiscalYear, int quarter) =>
        string.Create(CultureInfo.InvariantCulture, $"{planId}/{kpiId}/{fiscalYear}/{quarter}");
}

/// <summary>
/// The quarterly figures table that open-data exports and "figures due" read. It needs no inline consistency, so it
/// runs on Marten's async daemon, and Marten rebuilds it from zero at any time.
/// </summary>
public sealed class KpiFiguresProjection : MultiStreamProjection<KpiFigure, string>
{
    public const string ProjectionName = "kpi_figures";

    public KpiFiguresProjection()
    {
        Name = ProjectionName;
        Figure<KpiMeasured>(e => KpiFigure.IdOf(e.PlanId, e.KpiId, e.FiscalYear, e.Quarter));
        Figure<KpiMeasurementCorrected>(e => KpiFigure.IdOf(e.PlanId, e.KpiId, e.FiscalYear, e.Quarter));
        Figure<KpiFigureSubmittedForReview>(e => KpiFigure.IdOf(e.PlanId, e.KpiId, e.FiscalYear, e.Quarter));
        Figure<KpiFigureConfirmed>(e => KpiFigure.IdOf(e.PlanId, e.KpiId, e.FiscalYear, e.Quarter));
        Figure<KpiFigureReturned>(e => KpiFigure.IdOf(e.PlanId, e.KpiId, e.FiscalYear, e.Quarter));
    }

    /// <summary>An event that changes the figure it names. Identity alone does not filter what Marten's daemon reads: the
    /// type is named too, so that a rebuild pages through these types only instead of every event.</summary>
    private void Figure<TEvent>(Func<TEvent, string> figure) where TEvent : notnull
    {
        Identity(figure);
        IncludeType<TEvent>();
    }

    public override KpiFigure? Evolve(KpiFigure? snapshot, string id, IEvent e) => (snapshot, e.Data) switch
    {
        // A quarter has one first figure; Decide refuses a second, and a replay changes nothing.
        (null, KpiMeasured m) => new KpiFigure(id, m.PlanId, m.KpiId, m.FiscalYear, m.Quarter, m.Value, m.Value, 0, e.UserName ?? "", e.Timestamp, e.Sequence),
        ({ } figure, KpiMeasurementCorrected c) when e.Sequence > figure.LastSequence =>
            figure with
            {
                Value = c.Value,
                Corrections = figure.Corrections + 1,
                LastActor = e.UserName ?? "",
                LastRecorded = e.Timestamp,
                LastSequence = e.Sequence,
                Review = FigureReview.NotReviewed,
            },
        ({ } figure, KpiFigureSubmittedForReview) when e.Sequence > figure.LastSequence =>
            figure with { Review = FigureReview.Waiting, LastSequence = e.Sequence },
        ({ } figure, KpiFigureConfirmed) when e.Sequence > figure.LastSequence =>
            figure with { Review = FigureReview.Confirmed, LastActor = e.UserName ?? "", LastRecorded = e.Timestamp, LastSequence = e.Sequence },
        ({ } figure, KpiFigureReturned) when e.Sequence > figure.LastSequence =>
            figure with { Review = FigureReview.Returned, LastActor = e.UserName ?? "", LastRecorded = e.Timestamp, LastSequence = e.Sequence },
        _ => snapshot,
    };
}
