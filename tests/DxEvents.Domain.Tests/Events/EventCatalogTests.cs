using System.Text.Json;
using DxEvents.Domain.Kpis;
using DxEvents.Domain.Measures;
using DxEvents.Domain.Plans;

namespace DxEvents.Domain.Tests.Events;

public class EventCatalogTests
{
    public static TheoryData<string> EventTypeNames() => new(EventCatalog.EventTypeNames);

    [Theory]
    [MemberData(nameof(EventTypeNames))]
    public void Every_event_type_round_trips_with_every_field(string typeName)
    {
        var original = (IDomainEvent)SampleValues.Create(EventCatalog.TypeOf(typeName));

        var (type, json) = EventCatalog.Serialize(original);
        var restored = EventCatalog.Deserialize(type, json);

        Assert.Equal(typeName, type);
        Assert.IsType(original.GetType(), restored);
        // Records holding lists do not compare by value; the serialized form does, field by field.
        Assert.Equal(json, EventCatalog.Serialize(restored).Json);
        SampleValues.AssertNoDefaults(restored);
    }

    [Fact]
    public void The_catalog_holds_every_event_record_of_the_domain()
    {
        var declared = typeof(IDomainEvent).Assembly.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IDomainEvent).IsAssignableFrom(t))
            .Select(t => t.Name)
            .Order();
        Assert.Equal(declared, EventCatalog.EventTypeNames.Order());
    }

    [Theory]
    [InlineData("MeasureStarted")]
    [InlineData("KpiMeasured")]
    [InlineData("BudgetRevised")]
    public void The_contractual_names_exist(string name) => Assert.Equal(name, EventCatalog.TypeOf(name).Name);

    [Fact]
    public void An_unknown_type_is_refused_by_name()
    {
        var error = Assert.Throws<UnknownEventTypeException>(() => EventCatalog.Deserialize("MeasureExploded", "{}"));
        Assert.Contains("MeasureExploded", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Json_is_camel_case_with_iso_dates_numeric_decimals_and_readable_japanese()
    {
        var started = new MeasureStarted("mima-dx", "m01", new DateOnly(2025, 4, 1), "開始");
        Assert.Equal(
            """{"planId":"mima-dx","measureId":"m01","on":"2025-04-01","note":"開始"}""",
            EventCatalog.Serialize(started).Json);

        var defined = new KpiDefined("p", "k", "m", "率", "%", KpiKind.Rate, KpiCombine.Average, KpiDirection.Increase,
            new KpiBaseline(80.6m, 2022), new KpiTarget(100m, 2025, null), null);
        var json = EventCatalog.Serialize(defined).Json;
        Assert.Contains("\"kind\":\"rate\"", json, StringComparison.Ordinal);
        Assert.Contains("\"combine\":\"average\"", json, StringComparison.Ordinal);
        Assert.Contains("\"baseline\":{\"value\":80.6,\"fiscalYear\":2022}", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Numbers_given_as_strings_are_not_accepted_when_reading()
    {
        Assert.ThrowsAny<JsonException>(() => EventCatalog.Deserialize(
            nameof(KpiMeasured),
            """{"planId":"p","kpiId":"k","measureId":"m","fiscalYear":2025,"quarter":1,"value":"300","note":null}"""));
    }

    [Fact]
    public void Streams_are_named_from_the_event()
    {
        Assert.Equal(("plan/p", "plan"), StreamIds.For(new PillarAdded("p", "p1", "t", 1)));
        Assert.Equal(("plan/p/measure/m01", "measure"), StreamIds.For(new MeasureStarted("p", "m01", default, null)));
        Assert.Equal(("plan/p/kpi/k01", "kpi"), StreamIds.For(new KpiMeasured("p", "k01", "m01", 2025, 1, 1m, null)));
    }

    [Theory]
    [InlineData("plan/mima-dx", "mima-dx", "plan")]
    [InlineData("plan/mima-dx/measure/m01", "mima-dx", "measure")]
    [InlineData("plan/mima-dx/kpi/k01", "mima-dx", "kpi")]
    [InlineData("plan/", null, null)]
    [InlineData("budget/x", null, null)]
    [InlineData("plan/x/other/y", null, null)]
    public void The_plan_of_a_stream_is_its_second_segment(string streamId, string? planId, string? type)
    {
        Assert.Equal(planId, StreamIds.PlanIdOf(streamId));
        Assert.Equal(type, StreamIds.TypeOf(streamId));
    }
}
