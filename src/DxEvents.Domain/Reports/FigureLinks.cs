using DxEvents.Domain.Kpis;

namespace DxEvents.Domain.Reports;

/// <summary>How a quarterly figure's events point at each other, by sequence: a correction names the figure it
/// corrects (the KpiMeasured) and the event whose value it replaces (that figure or the correction before it);
/// the figure lists every correction made to it, in order.</summary>
public sealed record FigureLink(long? Corrects, long? Replaces, IReadOnlyList<long> CorrectedBy);

public static class FigureLinks
{
    /// <summary>Links for every KpiMeasured and KpiMeasurementCorrected among the envelopes, keyed by sequence.</summary>
    public static IReadOnlyDictionary<long, FigureLink> Of(IEnumerable<EventEnvelope> envelopes)
    {
        ArgumentNullException.ThrowIfNull(envelopes);
        var chains = new Dictionary<(string Plan, string Kpi, int Year, int Quarter), List<long>>();
        var links = new Dictionary<long, FigureLink>();
        foreach (var envelope in envelopes.OrderBy(e => e.Sequence))
        {
            switch (envelope.Event)
            {
                case KpiMeasured e:
                    chains[(e.PlanId, e.KpiId, e.FiscalYear, e.Quarter)] = [envelope.Sequence];
                    links[envelope.Sequence] = new FigureLink(null, null, []);
                    break;
                case KpiMeasurementCorrected e:
                    // A correction whose figure lies outside the envelopes given still says what it replaces: nothing known.
                    var chain = chains.TryGetValue((e.PlanId, e.KpiId, e.FiscalYear, e.Quarter), out var c) ? c : null;
                    links[envelope.Sequence] = new FigureLink(chain?[0], chain?[^1], []);
                    chain?.Add(envelope.Sequence);
                    break;
            }
        }

        foreach (var chain in chains.Values)
            links[chain[0]] = links[chain[0]] with { CorrectedBy = chain.Skip(1).ToList() };
        return links;
    }
}
