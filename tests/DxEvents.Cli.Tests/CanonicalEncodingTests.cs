using DxEvents.EventStore.Chain;

namespace DxEvents.Cli.Tests;

/// <summary>The encoding of README "Integrity", pinned by hashes computed with an independent implementation of that text
/// (a few lines of Python), so that the code and the documentation cannot drift apart.</summary>
public sealed class CanonicalEncodingTests
{
    // As jsonb prints it: spaces after ':' and ',', keys by length. Keys "～" (U+FF5E) and "😀" (U+1F600) sort by code point,
    // not by UTF-16 unit (where the surrogate pair of 😀 would come first).
    private const string Data = """{"value": 180, "note": "出先機関を含む\n\"確定\"", "quarter": 2, "fiscalYear": 2025, "ratio": 1.50, "tags": ["a", "\u0001", "😀"], "😀": 1, "～": 2}""";

    private static readonly ChainRecord First = new(1, 42, "plan/mima-dx/kpi/k04", 3, Guid.Parse("0193a5b2-7c1d-7000-8000-00000000abcd"), "KpiMeasured",
        new DateTimeOffset(2025, 10, 15, 10, 2, 3, TimeSpan.FromHours(9)).AddTicks(4567890), CanonicalJson.Canonicalize(Data),
        CanonicalJson.Canonicalize("""{"actor": "美馬市 DX推進室 田中", "reason": null}"""), null);

    [Fact]
    public void Canonical_json_sorts_by_code_point_keeps_number_text_and_escapes_only_quotes_backslashes_and_controls()
    {
        Assert.Equal("""{"fiscalYear":2025,"note":"出先機関を含む\n\"確定\"","quarter":2,"ratio":1.50,"tags":["a","\u0001","😀"],"value":180,"～":2,"😀":1}""", First.Data);
        Assert.Equal("""{"a":{},"b":[1e2,-0,true,false,null]}""", CanonicalJson.Canonicalize("""{ "b" : [1e2, -0, true, false, null], "a": {} }"""));
    }

    [Fact]
    public void The_hash_is_sha256_of_the_documented_lines()
    {
        var first = ChainEncoding.Hash(ChainEncoding.Genesis, "mima", 1, First);
        var second = ChainEncoding.Hash(first, "mima", 2, new ChainRecord(2, 43, "plan/mima-dx", 1, Guid.Parse("0193a5b2-7c1d-7000-8000-00000000abce"),
            "ToleranceRevised", DateTimeOffset.Parse("2025-10-15T01:02:03.456790Z", System.Globalization.CultureInfo.InvariantCulture),
            CanonicalJson.Canonicalize("""{"b":[1e2,-0,true,false,null],"a":{}}"""), """{"actor":"x"}""", null));

        Assert.StartsWith("dxevents-chain/1\n" + new string('0', 64) + "\nmima\n1\n42\nplan/mima-dx/kpi/k04\n3\n0193a5b2-7c1d-7000-8000-00000000abcd\nKpiMeasured\n2025-10-15T01:02:03.456789Z\n{",
            ChainEncoding.Encode(ChainEncoding.Genesis, "mima", 1, First), StringComparison.Ordinal);
        Assert.Equal("b09070519cc2f60a2e2b5c232211c26b6b3cb16eefc5621b9020511856665903", ChainEncoding.Hex(first));
        Assert.Equal("49435b9d3bde4b6881d4e04a24427f0432083623a35e26357b81583ea7303a69", ChainEncoding.Hex(second));
    }

    [Fact]
    public void A_newline_in_a_stream_id_cannot_be_encoded()
    {
        Assert.Throws<FormatException>(() => ChainEncoding.Encode(ChainEncoding.Genesis, "mima", 1, First with { StreamId = "plan/x\n3" }));
    }
}
