using System.Text.Json;
using DxEvents.Domain.Kpis;
using DxEvents.Domain.Measures;
using DxEvents.Domain.Plans;
using DxEvents.Domain.Plans.Import;
using DxEvents.Domain.Status;
using DxEvents.Domain.Tests.Plans.Import;

namespace DxEvents.Domain.Tests.Status;

public class PlanViewProjectionTests
{
    private static readonly IDomainEvent[] Opening = [.. PlanDocuments.Accepted(PlanDocuments.Minimal()).Events];

    private static readonly IDomainEvent[] Later =
    [
        new MeasureStarted("mima-dx", "m01", new DateOnly(2023, 4, 10), "開始"),
        new KpiMeasured("mima-dx", "k01", "m01", 2023, 1, 40m, null),
        new KpiMeasurementCorrected("mima-dx", "k01", "m01", 2023, 1, 44m, 40m, "集計漏れ"),
        new KpiMeasured("mima-dx", "k01", "m01", 2022, 4, 5m, "遡及"),
        new BudgetRevised("mima-dx", "m01", 2024, new BudgetFigures(2288, 2288, []), null, "比較結果により決定"),
        new BudgetRevised("mima-dx", "m01", 2023, new BudgetFigures(3400, 3400, []), new BudgetFigures(3388, 3388, [new("交付金", 1496)]), "補正"),
        new ScheduleItemCompleted("mima-dx", "m01", "s1", new DateOnly(2024, 3, 29), null),
        new ToleranceRevised("mima-dx", new Tolerances(0.05m, 0.2m), Tolerances.Default, "本部決定"),
        new KpiTargetRevised("mima-dx", "k01", "m01", new KpiTarget(400m, 2025, 2023), new KpiTarget(300m, 2025, 2023), "上方修正"),
    ];

    [Fact]
    public void The_view_holds_plan_facts_in_printed_order()
    {
        var view = History.View(Opening);

        Assert.Equal(("mima-dx", "美馬市DX推進計画", 2023, 2025), (view.PlanId, view.Title, view.FromFiscalYear, view.ToFiscalYear));
        Assert.Equal(["p1", "p2"], view.Pillars.Select(p => p.PillarId));
        var measure = Assert.Single(view.Measures);
        Assert.Equal((MeasureLifecycle.Planned, (DateOnly?)null), (measure.Lifecycle, measure.StartedOn));
        Assert.Equal([2023, 2024], measure.Budget.Select(b => b.FiscalYear));
        Assert.True(measure.Budget[1].PlannedUndetermined);
        Assert.Equal(Opening.Length, view.LastSequence);
    }

    [Fact]
    public void Revisions_and_corrections_keep_the_original_and_who_changed_it()
    {
        var view = History.View([.. Opening, .. Later]);
        var measure = view.Measures[0];
        var kpi = view.Kpis[0];

        Assert.Equal((MeasureLifecycle.Started, new DateOnly(2023, 4, 10)), (measure.Lifecycle, measure.StartedOn));
        var fy2023 = measure.Budget.Single(b => b.FiscalYear == 2023);
        Assert.Equal((3388L, 3400L), (fy2023.Planned!.Total, fy2023.Current!.Total));
        Assert.Equal("補正", Assert.Single(fy2023.Revisions).Reason);
        var fy2024 = measure.Budget.Single(b => b.FiscalYear == 2024);
        Assert.Equal((true, (BudgetFigures?)null, 2288L), (fy2024.PlannedUndetermined, fy2024.Planned, fy2024.Current!.Total));
        Assert.Equal(new DateOnly(2024, 3, 29), measure.Schedule[0].CompletedOn);

        Assert.Equal([(2022, 4), (2023, 1)], kpi.Figures.Select(f => (f.FiscalYear, f.Quarter)));
        var q1 = kpi.Figures[1];
        Assert.Equal((44m, 40m), (q1.Value, q1.RecordedValue));
        var correction = Assert.Single(q1.Corrections);
        Assert.Equal(("集計漏れ", "office", 40m), (correction.Reason, correction.Recorded.Actor, correction.PreviousValue));
        Assert.Equal((400m, 300m), (kpi.Target.Value, kpi.PlannedTarget.Value));

        Assert.Equal(new Tolerances(0.05m, 0.2m), view.Tolerances);
        Assert.Equal(Tolerances.Default, Assert.Single(view.ToleranceRevisions).Previous);
        Assert.Equal(Opening.Length + Later.Length, view.LastSequence);
    }

    [Fact]
    public void A_revision_of_a_year_outside_the_plan_adds_the_year()
    {
        var view = History.View([.. Opening, new BudgetRevised("mima-dx", "m01", 2026, new BudgetFigures(10, 10, []), null, "延長")]);
        var fy2026 = view.Measures[0].Budget[^1];
        Assert.Equal((2026, false, 10L), (fy2026.FiscalYear, fy2026.InPlan, fy2026.Current!.Total));
    }

    [Fact]
    public void The_view_survives_a_json_round_trip()
    {
        var view = History.View([.. Opening, .. Later]);
        var json = JsonSerializer.Serialize(view, EventCatalog.JsonOptions);

        var restored = JsonSerializer.Deserialize<PlanView>(json, EventCatalog.JsonOptions);

        Assert.Equal(json, JsonSerializer.Serialize(restored, EventCatalog.JsonOptions));
        Assert.Contains("\"lifecycle\":\"started\"", json, StringComparison.Ordinal);
    }

    [Fact]
    public void The_first_event_must_adopt_the_plan() =>
        Assert.Throws<InvalidOperationException>(() => PlanViewProjection.Apply(null, History.Envelope(Opening[1], 1)));

    [Fact]
    public void A_replayed_envelope_changes_nothing()
    {
        var envelopes = History.Envelopes([.. Opening, .. Later]);
        var view = PlanViewProjection.Build(envelopes)!;

        var again = PlanViewProjection.Apply(view, envelopes[^2]);

        Assert.Same(view, again);
    }

    [Fact]
    public void Another_plans_event_is_refused()
    {
        var view = History.View(Opening);
        var stranger = History.Envelope(new PillarAdded("other-dx", "p1", "t", 1), 100);
        Assert.Throws<InvalidOperationException>(() => PlanViewProjection.Apply(view, stranger));
    }

    [Fact]
    public void The_projection_does_not_change_the_view_it_was_given()
    {
        var view = History.View(Opening);
        var before = JsonSerializer.Serialize(view, EventCatalog.JsonOptions);
        PlanViewProjection.Apply(view, History.Envelope(Later[0], 100));
        Assert.Equal(before, JsonSerializer.Serialize(view, EventCatalog.JsonOptions));
    }
}
