using System.Text.Json;
using System.Text.Json.Nodes;
using DxEvents.Domain.Plans.Import;
using static DxEvents.Domain.Tests.Plans.Import.PlanDocuments;

namespace DxEvents.Domain.Tests.Plans.Import;

public class PlanDocumentErrorTests
{
    private static JsonNode N(string json) => JsonNode.Parse(json)!;

    private static JsonNode WithoutKpis(JsonNode measure)
    {
        var copy = measure.DeepClone();
        copy["kpis"] = new JsonArray();
        return copy;
    }

    /// <summary>Each case breaks one rule of docs/plan-document.md in the minimal document: the exact pointer and a word of the message.</summary>
    public static TheoryData<string, Action<JsonObject>, string, string> Cases() => new()
    {
        { "wrong format", d => d["format"] = "dxevents.plan/v2", "/format", "dxevents.plan/v1" },
        { "tenant pattern", d => d["tenant"] = "Mima", "/tenant", "[a-z0-9-]{2,40}" },
        { "tenant too short", d => d["tenant"] = "m", "/tenant", "[a-z0-9-]{2,40}" },
        { "code not 6 digits", d => d["municipality"]!["code"] = "36207", "/municipality/code", "6-digit" },
        { "code as a number", d => d["municipality"]!["code"] = 362077, "/municipality/code", "must be a string" },
        { "municipality name empty", d => d["municipality"]!["name"] = " ", "/municipality/name", "must not be empty" },
        { "prefecture missing", d => d["municipality"]!.AsObject().Remove("prefecture"), "/municipality/prefecture", "is required" },
        { "adopted as a japanese date", d => d["plan"]!["adopted"] = "令和5年3月", "/plan/adopted", "YYYY-MM" },
        { "adopted month 13", d => d["plan"]!["adopted"] = "2023-13", "/plan/adopted", "YYYY-MM" },
        { "adopted day 31 of april", d => d["plan"]!["adopted"] = "2023-04-31", "/plan/adopted", "YYYY-MM" },
        { "period reversed", d => d["plan"]!["period"]!["fromFiscalYear"] = 2026, "/plan/period/fromFiscalYear", "after toFiscalYear" },
        { "period year as a string", d => d["plan"]!["period"]!["toFiscalYear"] = "2025", "/plan/period/toFiscalYear", "must be a number" },
        { "plan id pattern", d => d["plan"]!["id"] = "Mima DX", "/plan/id", "[a-z0-9-]{1,40}" },
        { "plan title empty", d => d["plan"]!["title"] = "", "/plan/title", "must not be empty" },
        { "amount unit other than 千円", d => d["plan"]!["amountUnit"] = "円", "/plan/amountUnit", "千円" },
        { "no pillars", d => d["pillars"] = new JsonArray(), "/pillars", "at least one" },
        { "duplicate pillar", d => d["pillars"]![1]!["id"] = "p1", "/pillars/1/id", "duplicate pillar id 'p1'" },
        { "pillar not an object", d => d["pillars"]![1] = "p2", "/pillars/1", "must be an object" },
        { "duplicate measure", d => d["measures"]!.AsArray().Add(WithoutKpis(d.Measure())), "/measures/1/id", "duplicate measure id 'm01'" },
        { "unknown pillar", d => d.Measure()["pillar"] = "p9", "/measures/0/pillar", "unknown pillar" },
        { "measure title missing", d => d.Measure().AsObject().Remove("title"), "/measures/0/title", "is required" },
        { "measures not an array", d => d["measures"] = N("{}"), "/measures", "must be an array" },
        { "unknown kind", d => d.Kpi()["kind"] = "stock", "/measures/0/kpis/0/kind", "unknown kind" },
        { "unknown combine", d => d.Kpi()["combine"] = "median", "/measures/0/kpis/0/combine", "unknown combine" },
        { "unknown direction", d => d.Kpi()["direction"] = "up", "/measures/0/kpis/0/direction", "unknown direction" },
        { "kind spelled in capitals", d => d.Kpi()["kind"] = "Flow", "/measures/0/kpis/0/kind", "unknown kind" },
        { "kpi name empty", d => d.Kpi()["name"] = "", "/measures/0/kpis/0/name", "must not be empty" },
        { "target value as a string", d => d.Kpi()["target"]!["value"] = "300", "/measures/0/kpis/0/target/value", "must be a number" },
        { "target value too large for a decimal", d => d.Kpi()["target"]!["value"] = N("1e400"), "/measures/0/kpis/0/target/value", "finite" },
        { "target year fractional", d => d.Kpi()["target"]!["fiscalYear"] = 2025.5, "/measures/0/kpis/0/target/fiscalYear", "fiscal year" },
        { "window after target", d => d.Kpi()["target"]!["fromFiscalYear"] = 2026, "/measures/0/kpis/0/target/fromFiscalYear", "after fiscalYear" },
        { "target missing", d => d.Kpi().AsObject().Remove("target"), "/measures/0/kpis/0/target", "is required" },
        { "milestone with a value", d => d.Kpi()["kind"] = "milestone", "/measures/0/kpis/0/target/value", "must be absent" },
        { "baseline without a year", d => d.Kpi()["baseline"] = N("""{"value": 10}"""), "/measures/0/kpis/0/baseline/fiscalYear", "is required" },
        { "baseline as a number", d => d.Kpi()["baseline"] = 10, "/measures/0/kpis/0/baseline", "must be an object" },
        { "kpi id pattern", d => d.Kpi()["id"] = "K_01", "/measures/0/kpis/0/id", "[a-z0-9-]{1,40}" },
        { "negative total", d => d.Measure()["budget"]![0]!["total"] = -1, "/measures/0/budget/0/total", "must not be negative" },
        { "fractional amount", d => d.Measure()["budget"]![0]!["generalFunds"] = 1.5, "/measures/0/budget/0/generalFunds", "integer" },
        { "negative funding", d => d.Measure()["budget"]![0]!["funding"]![0]!["amount"] = -5, "/measures/0/budget/0/funding/0/amount", "must not be negative" },
        { "funding source missing", d => d.Measure()["budget"]![0]!["funding"]![0]!.AsObject().Remove("source"), "/measures/0/budget/0/funding/0/source", "is required" },
        { "total missing", d => d.Measure()["budget"]![0]!.AsObject().Remove("total"), "/measures/0/budget/0/total", "is required" },
        { "undetermined with figures", d => d.Measure()["budget"]![1]!["total"] = 1, "/measures/0/budget/1/total", "undetermined" },
        { "undetermined as a string", d => d.Measure()["budget"]![1]!["undetermined"] = "yes", "/measures/0/budget/1/undetermined", "true or false" },
        { "duplicate budget year", d => d.Measure()["budget"]![1]!["fiscalYear"] = 2023, "/measures/0/budget/1/fiscalYear", "duplicate budget year 2023" },
        { "schedule reversed", d => d.Measure()["schedule"]![1]!["fromFiscalYear"] = 2026, "/measures/0/schedule/1/fromFiscalYear", "after toFiscalYear" },
        { "duplicate schedule id", d => d.Measure()["schedule"]![1]!["id"] = "s1", "/measures/0/schedule/1/id", "duplicate schedule item id 's1'" },
        { "schedule title empty", d => d.Measure()["schedule"]![0]!["title"] = "", "/measures/0/schedule/0/title", "must not be empty" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Each_broken_rule_is_reported_at_its_pointer(string rule, Action<JsonObject> breakIt, string pointer, string message)
    {
        var document = Minimal();
        breakIt(document);

        var error = Assert.Single(Errors(document));

        Assert.Equal(pointer, error.Pointer);
        Assert.True(error.Message.En.Contains(message, StringComparison.Ordinal), $"{rule}: '{error.Message.En}' lacks '{message}'");
    }

    [Fact]
    public void Kpi_ids_are_unique_across_the_plan_not_only_within_a_measure()
    {
        var document = Minimal();
        var second = document.Measure().DeepClone();
        second["id"] = "m02";
        second["schedule"] = new JsonArray();
        document["measures"]!.AsArray().Add(second);

        var error = Assert.Single(Errors(document));
        Assert.Equal("/measures/1/kpis/0/id", error.Pointer);
    }

    [Fact]
    public void Schedule_ids_may_repeat_in_another_measure()
    {
        var document = Minimal();
        var second = document.Measure().DeepClone();
        second["id"] = "m02";
        second["kpis"] = new JsonArray();
        document["measures"]!.AsArray().Add(second);

        Assert.Equal(2, Accepted(document).Streams.Count(s => s.StreamType == "measure"));
    }

    [Fact]
    public void Every_problem_is_listed_not_only_the_first()
    {
        var document = Minimal();
        document["tenant"] = "MIMA";
        document.Measure()["pillar"] = "p9";
        document.Kpi()["target"]!["value"] = "300";
        document.Measure()["budget"]![0]!["total"] = -1;

        Assert.Equal(
            ["/measures/0/budget/0/total", "/measures/0/kpis/0/target/value", "/measures/0/pillar", "/tenant"],
            Errors(document).Select(e => e.Pointer).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_document_that_is_not_an_object_is_one_error_at_the_root()
    {
        var error = Assert.Single(Assert.IsType<PlanImportRejected>(PlanDocumentReader.Read(JsonSerializer.SerializeToElement(new[] { 1 }))).Errors);
        Assert.Equal("", error.Pointer);
    }

    [Fact]
    public void Unreadable_pillars_do_not_also_blame_every_measure()
    {
        var document = Minimal();
        document["pillars"] = "p1";
        Assert.Equal(["/pillars"], Errors(document).Select(e => e.Pointer));
    }
}
