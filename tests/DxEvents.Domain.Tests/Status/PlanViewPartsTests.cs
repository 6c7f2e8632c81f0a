using System.Text.Json;
using DxEvents.Domain.Kpis;
using DxEvents.Domain.Measures;
using DxEvents.Domain.Plans;
using DxEvents.Domain.Status;
using DxEvents.Domain.Tests.Plans.Import;

namespace DxEvents.Domain.Tests.Status;

/// <summary>The plan view kept as one part per stream, composed on read, is the view the whole fold gives.</summary>
public class PlanViewPartsTests
{
    [Fact]
    public void The_Mima_plan_folded_stream_by_stream_and_composed_is_the_whole_fold()
    {
        var accepted = SamplePlanTests.Import("mima");
        // The import's streams in the order they are started, then later events on several streams, interleaved.
        IDomainEvent[] later =
        [
            new MeasureStarted("mima-dx", "m04", new DateOnly(2023, 4, 1), null),
            new KpiMeasured("mima-dx", "k04", "m04", 2025, 1, 120, null),
            new ToleranceRevised("mima-dx", new Tolerances(0.02m, 0.15m), Tolerances.Default, "本部会議決定"),
            new MeasureStarted("mima-dx", "m01", new DateOnly(2023, 6, 1), "開始"),
            new KpiMeasured("mima-dx", "k04", "m04", 2025, 2, 140, null),
            new KpiMeasurementCorrected("mima-dx", "k04", "m04", 2025, 2, 200, 140, "集計誤り"),
            new KpiMeasured("mima-dx", "k01", "m01", 2025, 1, 30, null),
        ];
        var envelopes = History.Envelopes([.. accepted.Streams.SelectMany(s => s.Events), .. later]);

        var whole = PlanViewProjection.Build(envelopes)!;
        var composed = Compose(envelopes);

        Assert.Equal(Json(whole), Json(composed));
        Assert.Equal(envelopes[^1].Sequence, composed.LastSequence);
        Assert.Equal(200m, composed.Kpis.Single(k => k.KpiId == "k04").Figures.Single(f => f.Quarter == 2).Value);
    }

    [Fact]
    public void A_part_takes_only_its_own_streams_events_and_a_replayed_one_changes_nothing()
    {
        var envelopes = History.Envelopes([.. StatusFixture.Opening, StatusFixture.Kpi("k1", KpiKind.Level, 100, 2025)]);
        var kpi = PlanViewParts.ApplyKpi(null, "plan/plan-x/kpi/k1", envelopes[^1]);

        Assert.Same(kpi, PlanViewParts.ApplyKpi(kpi, kpi.Id, envelopes[^1]));
        Assert.Throws<InvalidOperationException>(() => PlanViewParts.ApplyKpi(kpi, kpi.Id, History.Envelope(StatusFixture.Opening[1], 10)));
        Assert.Throws<InvalidOperationException>(() => PlanViewParts.ApplyPlan(null, "plan/plan-x", envelopes[^1]));
    }

    private static PlanView Compose(IEnumerable<EventEnvelope> envelopes)
    {
        PlanPart? plan = null;
        var measures = new Dictionary<string, MeasurePart>();
        var kpis = new Dictionary<string, KpiPart>();
        foreach (var e in envelopes)
        {
            switch (e.Event)
            {
                case IKpiEvent k:
                    kpis[k.KpiId] = PlanViewParts.ApplyKpi(kpis.GetValueOrDefault(k.KpiId), e.StreamId, e);
                    break;
                case IMeasureEvent m:
                    measures[m.MeasureId] = PlanViewParts.ApplyMeasure(measures.GetValueOrDefault(m.MeasureId), e.StreamId, e);
                    break;
                default:
                    plan = PlanViewParts.ApplyPlan(plan, e.StreamId, e);
                    break;
            }
        }
        return PlanViewParts.Compose(plan!, measures.Values, kpis.Values);
    }

    private static string Json(PlanView view) => JsonSerializer.Serialize(view, EventCatalog.JsonOptions);
}
