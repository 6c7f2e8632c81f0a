using DxEvents.Domain.Kpis;
using DxEvents.Domain.Measures;
using DxEvents.Domain.Plans;
using DxEvents.Domain.Plans.Import;
using static DxEvents.Domain.Tests.Plans.Import.PlanDocuments;

namespace DxEvents.Domain.Tests.Plans.Import;

public class PlanDocumentReaderTests
{
    [Fact]
    public void A_minimal_document_opens_one_stream_per_plan_measure_and_kpi()
    {
        var accepted = Accepted(Minimal());

        Assert.Equal(("mima", "mima-dx"), (accepted.Tenant, accepted.PlanId));
        Assert.Empty(accepted.Warnings);
        Assert.Equal(
            [("plan/mima-dx", "plan"), ("plan/mima-dx/measure/m01", "measure"), ("plan/mima-dx/kpi/k01", "kpi")],
            accepted.Streams.Select(s => (s.StreamId, s.StreamType)));
        Spec.ThenEvents(accepted.Streams[0].Events,
            new PlanAdopted("mima-dx", "美馬市DX推進計画", new Municipality("美馬市", "徳島県", "362077"), "2023-03", 2023, 2025, null, "千円",
                new Tolerances(0.10m, 0.25m)),
            new PillarAdded("mima-dx", "p1", "行政手続きのスマート化", 1),
            new PillarAdded("mima-dx", "p2", "人材育成", 2));
        Spec.ThenEvents(accepted.Streams[1].Events,
            new MeasureRegistered("mima-dx", "m01", "p1", "スマート申請", "概要", null),
            new BudgetPlanned("mima-dx", "m01", 2023, new BudgetFigures(3388, 3388, [new("交付金", 1496)]), false, null),
            new BudgetPlanned("mima-dx", "m01", 2024, null, true, "比較結果により事業費決定"),
            new ScheduleItemPlanned("mima-dx", "m01", "s1", "システム構築", 2023, 2023),
            new ScheduleItemPlanned("mima-dx", "m01", "s2", "システム稼働", 2024, 2025));
        Spec.ThenEvents(accepted.Streams[2].Events,
            new KpiDefined("mima-dx", "k01", "m01", "利用者数", "人", KpiKind.Flow, null, KpiDirection.Increase, null,
                new KpiTarget(300m, 2025, 2023), "合計300人"));
    }

    [Fact]
    public void A_plan_may_name_the_plan_it_follows_and_without_one_it_names_none()
    {
        var successor = Minimal();
        successor["plan"]!["id"] = "mima-dx-2";
        successor["plan"]!["predecessor"] = "mima-dx";

        Assert.Equal("mima-dx", ((PlanAdopted)Accepted(successor).Streams[0].Events[0]).Predecessor);
        Assert.Equal("mima-dx", Accepted(successor).Predecessor);
        Assert.Null(Accepted(Minimal()).Predecessor);
    }

    [Theory]
    [InlineData("mima-dx", "predecessor-is-itself")]
    [InlineData("Mima DX", "pattern")]
    [InlineData("", "pattern")]
    public void A_predecessor_that_is_the_plan_itself_or_no_id_is_an_error_on_it(string predecessor, string code)
    {
        var document = Minimal();
        document["plan"]!["predecessor"] = predecessor;

        var error = Assert.Single(Errors(document));
        Assert.Equal(("/plan/predecessor", code), (error.Pointer, error.Message.Code));
    }

    [Fact]
    public void A_milestone_has_no_target_value_and_may_omit_direction()
    {
        var document = Minimal();
        document.Measure()["kpis"]!.AsArray().Add(System.Text.Json.Nodes.JsonNode.Parse(
            """{ "id": "k02", "name": "テレワーク制度の導入", "unit": null, "kind": "milestone", "target": { "fiscalYear": 2024 } }"""));
        var defined = (KpiDefined)Accepted(document).Streams[3].Events[0];
        Assert.Equal((KpiKind.Milestone, KpiDirection.Increase, new KpiTarget(null, 2024, null)), (defined.Kind, defined.Direction, defined.Target));
    }

    [Fact]
    public void The_mima_quirk_is_kept_and_warned_about()
    {
        var document = Minimal();
        document.Measure()["budget"]![0]!["generalFunds"] = 3398;

        var accepted = Accepted(document);

        var warning = Assert.Single(accepted.Warnings);
        Assert.Equal("/measures/0/budget/0/generalFunds", warning.Pointer);
        var planned = (BudgetPlanned)accepted.Streams[1].Events[1];
        Assert.Equal((3388L, 3398L), (planned.Figures!.Total, planned.Figures.GeneralFunds));
    }

    [Fact]
    public void Funding_above_the_total_is_a_warning()
    {
        var document = Minimal();
        document.Measure()["budget"]![0]!["funding"]![0]!["amount"] = 4000;
        Assert.Equal(["/measures/0/budget/0/funding"], Accepted(document).Warnings.Select(w => w.Pointer));
    }

    [Fact]
    public void Years_outside_the_plan_period_are_warnings()
    {
        var document = Minimal();
        document.Measure()["budget"]![1]!["fiscalYear"] = 2022;
        document.Kpi()["target"]!["fiscalYear"] = 2026;
        document.Kpi()["target"]!["fromFiscalYear"] = 2022;

        Assert.Equal(
            ["/measures/0/budget/1/fiscalYear", "/measures/0/kpis/0/target/fiscalYear", "/measures/0/kpis/0/target/fromFiscalYear"],
            Accepted(document).Warnings.Select(w => w.Pointer).Order(StringComparer.Ordinal));
    }
}
