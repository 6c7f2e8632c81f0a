using System.Text;
using DxEvents.Integrity;

namespace DxEvents.Cli.Tests;

/// <summary>The encoding dxevents-chain/2 (docs/chain.md), pinned byte for byte and by two hashes that were
/// computed from the documented text by independent implementations (Python's hashlib, and printf | sha256sum), so that the
/// code and the documentation cannot drift apart.</summary>
public sealed class CanonicalEncodingTests
{
    // As jsonb prints it: spaces after ':' and ',', keys by length. Keys "～" (U+FF5E) and "😀" (U+1F600) sort by code point,
    // not by UTF-16 unit (where the surrogate pair of 😀 would come first).
    private const string Awkward = """{"value": 180, "note": "出先機関を含む\n\"確定\"", "quarter": 2, "fiscalYear": 2025, "ratio": 1.50, "tags": ["a", "\u0001", "😀"], "😀": 1, "～": 2}""";

    // The two pinned events, as PostgreSQL prints them (copied from psql): mt_events.data::text, and the metadata expression
    // of dxevents-chain/2 over mt_events' columns:
    //   select jsonb_strip_nulls(jsonb_build_object('causationId', causation_id, 'correlationId', correlation_id,
    //                                               'headers', headers, 'userName', user_name))::text
    // The first has Japanese text (and an emoji, a quote and a newline) in its data and no causation id (stripped as null);
    // the second carries a reason and warnings in its headers.
    private const string FirstData = """{"note": "出先機関を含む\n\"確定\" 😀", "kpiId": "k04", "value": 180.0, "planId": "mima-dx", "quarter": 2, "measureId": "m04", "fiscalYear": 2025}""";
    private const string FirstMetadata = """{"headers": {"requestId": "0HNH7Q1L2J3K4:00000002"}, "userName": "美馬市 DX推進室 田中", "correlationId": "4bf92f3577b34da6a3ce929d0e0e4736"}""";
    private const string SecondData = """{"kpiId": "k04", "value": 95, "planId": "mima-dx", "reason": "出先機関の利用者を集計漏れ", "quarter": 2, "measureId": "m04", "fiscalYear": 2024, "previousValue": 80.50}""";
    private const string SecondMetadata = """{"headers": {"reason": "出先機関の利用者を集計漏れ", "warnings": ["/value: 前期比 +300%", "/note: 空欄"], "requestId": "0HNH7Q1L2J3K4:00000007"}, "userName": "美馬市 DX推進室 田中", "causationId": "0HNH7Q1L2J3K4:00000007", "correlationId": "4bf92f3577b34da6a3ce929d0e0e4737"}""";

    // The twelve lines of each, written out by hand from docs/chain.md (canonical JSON typed by hand, not produced by CanonicalJson).
    private static readonly string[] FirstLines =
    [
        "dxevents-chain/2",
        new string('0', 64),
        "mima",
        "1",
        "42",
        "plan/mima-dx/kpi/k04",
        "3",
        "0193a5b2-7c1d-7000-8000-00000000abcd",
        "KpiMeasured",
        "2025-10-15T01:02:03.456789Z",
        """{"fiscalYear":2025,"kpiId":"k04","measureId":"m04","note":"出先機関を含む\n\"確定\" 😀","planId":"mima-dx","quarter":2,"value":180.0}""",
        """{"correlationId":"4bf92f3577b34da6a3ce929d0e0e4736","headers":{"requestId":"0HNH7Q1L2J3K4:00000002"},"userName":"美馬市 DX推進室 田中"}""",
    ];

    private static readonly string[] SecondLines =
    [
        "dxevents-chain/2",
        FirstHash,
        "mima",
        "2",
        "57",
        "plan/mima-dx/kpi/k04",
        "4",
        "0193a5b2-7c1d-7000-8000-00000000abce",
        "KpiMeasurementCorrected",
        "2025-10-15T01:07:45.000001Z",
        """{"fiscalYear":2024,"kpiId":"k04","measureId":"m04","planId":"mima-dx","previousValue":80.50,"quarter":2,"reason":"出先機関の利用者を集計漏れ","value":95}""",
        """{"causationId":"0HNH7Q1L2J3K4:00000007","correlationId":"4bf92f3577b34da6a3ce929d0e0e4737","headers":{"reason":"出先機関の利用者を集計漏れ","requestId":"0HNH7Q1L2J3K4:00000007","warnings":["/value: 前期比 +300%","/note: 空欄"]},"userName":"美馬市 DX推進室 田中"}""",
    ];

    // SHA-256 of those lines joined by LF (no LF at the end), UTF-8, computed outside .NET, two ways that agree:
    //   python3 -c 'import hashlib,sys; print(hashlib.sha256("\n".join(LINES).encode("utf-8")).hexdigest())'
    //     with LINES the twelve strings above as Python literals (the JSON backslashes doubled: '…\\n\\"確定\\" 😀…')
    //   printf '%s\n' 'dxevents-chain/2' "$(printf '0%.0s' $(seq 64))" mima 1 42 plan/mima-dx/kpi/k04 3 \
    //     0193a5b2-7c1d-7000-8000-00000000abcd KpiMeasured 2025-10-15T01:02:03.456789Z \
    //     '{"fiscalYear":2025,…,"value":180.0}' '{"correlationId":…,"userName":"美馬市 DX推進室 田中"}' | head -c -1 | sha256sum
    //   (the second likewise, with FirstHash on line 2). CHAIN-V2.md gives both commands in full.
    private const string FirstHash = "8249e6f38efa939d0bf8abba1efa7a3213cd54bd3f6e5b2a8838c75e642d9ef3";
    private const string SecondHash = "a363c093a20d6f649ac9a0ffe5d24b6d1b483a9fd77b96584bb7f27277d051b6";

    private static readonly ChainRecord First = new(1, 42, "plan/mima-dx/kpi/k04", 3, Guid.Parse("0193a5b2-7c1d-7000-8000-00000000abcd"), "KpiMeasured",
        new DateTimeOffset(2025, 10, 15, 10, 2, 3, TimeSpan.FromHours(9)).AddTicks(4567890),
        CanonicalJson.Canonicalize(FirstData), CanonicalJson.Canonicalize(FirstMetadata), null);

    private static readonly ChainRecord Second = new(2, 57, "plan/mima-dx/kpi/k04", 4, Guid.Parse("0193A5B2-7C1D-7000-8000-00000000ABCE"), "KpiMeasurementCorrected",
        new DateTimeOffset(2025, 10, 15, 10, 7, 45, TimeSpan.FromHours(9)).AddTicks(10),
        CanonicalJson.Canonicalize(SecondData), CanonicalJson.Canonicalize(SecondMetadata), null);

    [Fact]
    public void Canonical_json_sorts_by_code_point_keeps_number_text_and_escapes_only_quotes_backslashes_and_controls()
    {
        Assert.Equal("""{"fiscalYear":2025,"note":"出先機関を含む\n\"確定\"","quarter":2,"ratio":1.50,"tags":["a","\u0001","😀"],"value":180,"～":2,"😀":1}""",
            CanonicalJson.Canonicalize(Awkward));
        Assert.Equal("""{"a":{},"b":[1e2,-0,true,false,null]}""", CanonicalJson.Canonicalize("""{ "b" : [1e2, -0, true, false, null], "a": {} }"""));
        // Escapes are resolved and written again in the one spelling; '/', U+2028 and non-ASCII stay literal; nulls are kept
        // (only the metadata expression strips them, in SQL).
        Assert.Equal("{\"aé\":\"/\u2028\\t\\u001f\",\"b\":null}", CanonicalJson.Canonicalize("""{"b": null, "a\u00e9": "\/\u2028\t\u001F"}"""));
    }

    [Fact]
    public void Data_and_metadata_as_postgresql_prints_them_canonicalize_to_the_documented_lines()
    {
        Assert.Equal((FirstLines[10], FirstLines[11]), (First.Data, First.Metadata));
        Assert.Equal((SecondLines[10], SecondLines[11]), (Second.Data, Second.Metadata));
    }

    [Fact]
    public void The_encoding_is_the_twelve_documented_lines_byte_for_byte()
    {
        var first = ChainEncoding.Encode(ChainEncoding.Genesis, "mima", 1, First);
        var second = ChainEncoding.Encode(Convert.FromHexString(FirstHash), "mima", 2, Second);

        Assert.Equal("dxevents-chain/2", ChainEncoding.Tag);
        Assert.Equal(Encoding.UTF8.GetBytes(string.Join('\n', FirstLines)), Encoding.UTF8.GetBytes(first));
        Assert.Equal(Encoding.UTF8.GetBytes(string.Join('\n', SecondLines)), Encoding.UTF8.GetBytes(second));
        Assert.Equal(12, first.Split('\n').Length);
        Assert.False(second.EndsWith('\n'));
    }

    [Fact]
    public void The_hash_is_sha256_of_the_documented_lines_as_computed_independently()
    {
        var first = ChainEncoding.Hash(ChainEncoding.Genesis, "mima", 1, First);
        var second = ChainEncoding.Hash(first, "mima", 2, Second);

        Assert.Equal(FirstHash, ChainEncoding.Hex(first));
        Assert.Equal(SecondHash, ChainEncoding.Hex(second));
        // And the two link: the second verifies after the first, and only there.
        var chain = new[] { First with { Hash = first }, Second with { Hash = second } };
        Assert.True(ChainVerifier.Fits("mima", first, 2, chain[1]));
        Assert.False(ChainVerifier.Fits("mima", ChainEncoding.Genesis, 2, chain[1]));
        Assert.False(ChainVerifier.Fits("misaki", first, 2, chain[1]));
    }

    [Fact]
    public void A_control_character_in_a_stream_id_event_type_or_tenant_cannot_be_encoded()
    {
        Assert.Throws<FormatException>(() => ChainEncoding.Encode(ChainEncoding.Genesis, "mima", 1, First with { StreamId = "plan/x\n3" }));
        Assert.Throws<FormatException>(() => ChainEncoding.Encode(ChainEncoding.Genesis, "mima", 1, First with { EventType = "KpiMeasured\t" }));
        Assert.Throws<FormatException>(() => ChainEncoding.Encode(ChainEncoding.Genesis, "mi\nma", 1, First));
    }
}
