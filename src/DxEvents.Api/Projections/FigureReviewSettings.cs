using DxEvents.Api.Review;
using DxEvents.Domain.Access;
using JasperFx.Events;
using Marten;
using Marten.Events.Projections;

namespace DxEvents.Api.Projections;

/// <summary>Whether figures recorded now wait for the office's review: the last <see cref="FigureReviewTurnedOn"/> or
/// <see cref="FigureReviewTurnedOff"/> of the municipality's access history, kept inline (committed with the event) so that a
/// figure's command reads one row instead of folding the whole access history.</summary>
public sealed record FigureReviewSetting(string Id, bool On, DateTimeOffset Since, string By)
{
    public const string Key = "figure-review";

    /// <summary>Off for a municipality that never turned it on.</summary>
    public static async Task<FigureReviewInForce> ReadAsync(IQuerySession session, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(session);
        return new((await session.LoadAsync<FigureReviewSetting>(Key, ct))?.On == true);
    }
}

/// <summary>The one <see cref="FigureReviewSetting"/> of a municipality, from the access history's two review events.</summary>
public sealed class FigureReviewSettings : MultiStreamProjection<FigureReviewSetting, string>
{
    public FigureReviewSettings()
    {
        Identity<FigureReviewTurnedOn>(_ => FigureReviewSetting.Key);
        Identity<FigureReviewTurnedOff>(_ => FigureReviewSetting.Key);
        // Identity alone does not filter what Marten reads: named, a rebuild reads these two types instead of every event.
        IncludeType<FigureReviewTurnedOn>();
        IncludeType<FigureReviewTurnedOff>();
    }

    public override FigureReviewSetting? Evolve(FigureReviewSetting? snapshot, string id, IEvent e) => e.Data switch
    {
        FigureReviewTurnedOn => new(id, true, e.Timestamp, e.UserName ?? ""),
        FigureReviewTurnedOff => new(id, false, e.Timestamp, e.UserName ?? ""),
        _ => snapshot,
    };
}
