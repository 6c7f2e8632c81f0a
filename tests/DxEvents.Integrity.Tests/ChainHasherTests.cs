using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace DxEvents.Integrity.Tests;

/// <summary>
/// Verification hashes the database's rows with <see cref="ChainHasher"/>, from the bytes read, where the sealer and the
/// bundles go through <see cref="ChainEncoding"/> with records: the two must write the same bytes for every event, or a
/// chain that holds would not verify (or, worse, the walk would accept what the encoding does not).
/// </summary>
public sealed class ChainHasherTests
{
    // docs/chain.md's two pinned events, data and metadata as PostgreSQL prints them, and their hashes computed outside .NET.
    private const string FirstData = """{"note": "出先機関を含む\n\"確定\" 😀", "kpiId": "k04", "value": 180.0, "planId": "mima-dx", "quarter": 2, "measureId": "m04", "fiscalYear": 2025}""";
    private const string FirstMetadata = """{"headers": {"requestId": "0HNH7Q1L2J3K4:00000002"}, "userName": "美馬市 DX推進室 田中", "correlationId": "4bf92f3577b34da6a3ce929d0e0e4736"}""";
    private const string SecondData = """{"kpiId": "k04", "value": 95, "planId": "mima-dx", "reason": "出先機関の利用者を集計漏れ", "quarter": 2, "measureId": "m04", "fiscalYear": 2024, "previousValue": 80.50}""";
    private const string FirstHash = "8249e6f38efa939d0bf8abba1efa7a3213cd54bd3f6e5b2a8838c75e642d9ef3";
    private const string SecondHash = "a363c093a20d6f649ac9a0ffe5d24b6d1b483a9fd77b96584bb7f27277d051b6";

    [Fact]
    public void The_documented_events_hash_to_their_pinned_hashes()
    {
        var hasher = new ChainHasher("mima");
        var first = new byte[32];
        Assert.True(hasher.Start(ChainEncoding.Genesis, 1, 42, "plan/mima-dx/kpi/k04"u8, 3, Guid.Parse("0193a5b2-7c1d-7000-8000-00000000abcd"),
            "KpiMeasured"u8, new DateTimeOffset(2025, 10, 15, 10, 2, 3, TimeSpan.FromHours(9)).AddTicks(4567890)));
        hasher.Data(Encoding.UTF8.GetBytes(FirstData));
        hasher.Metadata(Encoding.UTF8.GetBytes(FirstMetadata));
        hasher.Hash(first);
        Assert.Equal(FirstHash, ChainEncoding.Hex(first));

        // The second's metadata member by member, as the database's rows give it: texts, and the headers as JSON.
        var second = new byte[32];
        Assert.True(hasher.Start(first, 2, 57, "plan/mima-dx/kpi/k04"u8, 4, Guid.Parse("0193A5B2-7C1D-7000-8000-00000000ABCE"),
            "KpiMeasurementCorrected"u8, new DateTimeOffset(2025, 10, 15, 10, 7, 45, TimeSpan.FromHours(9)).AddTicks(10)));
        hasher.Data(Encoding.UTF8.GetBytes(SecondData));
        hasher.Line.Write("{\"causationId\":"u8);
        CanonicalJson.WriteString("0HNH7Q1L2J3K4:00000007"u8, hasher.Line);
        hasher.Line.Write(",\"correlationId\":"u8);
        CanonicalJson.WriteString("4bf92f3577b34da6a3ce929d0e0e4737"u8, hasher.Line);
        hasher.Line.Write(",\"headers\":"u8);
        CanonicalJson.Canonicalize(Encoding.UTF8.GetBytes("""{"reason": "出先機関の利用者を集計漏れ", "warnings": ["/value: 前期比 +300%", "/note: 空欄"], "requestId": "0HNH7Q1L2J3K4:00000007"}"""), hasher.Line);
        hasher.Line.Write(",\"userName\":"u8);
        CanonicalJson.WriteString(Encoding.UTF8.GetBytes("美馬市 DX推進室 田中"), hasher.Line);
        hasher.Line.Write("}"u8);
        hasher.Hash(second);
        Assert.Equal(SecondHash, ChainEncoding.Hex(second));
    }

    public static TheoryData<string, string, string> Tricky => new()
    {
        // stream id, data as stored (any spelling), metadata as stored
        { "plan/美馬市-dx/kpi/k01", """{"note": "窓口受付件数を集計（本庁・支所）", "value": 120.0, "ratio": 1.50, "big": 1e3, "neg": -0}""", "{}" },
        { "plan/x/kpi/k1", """{"s": "quote \" backslash \\ slash \/ nl \n tab \t ctl \u0001 \u001f del \u007f", "\u00e9": "\ud83d\ude00"}""", """{"userName": "a\"b\\c\nd"}""" },
        { "plan/x/kpi/k1", """{"b": null, "a": [null, {"z": null, "y": []}], "": ""}""", """{"headers": {"warnings": [], "reason": null}, "causationId": ""}""" },
        { "plan/x/kpi/k1", """{"～": 2, "😀": 1, "ｶﾅ": "半角", "z": {"b": {}, "a": {"d": 1, "c": 2}}}""", """{"headers": {"😀": 1, "～": 2}}""" },
        { "", "123456789012345678901234567890", "null" },
        { "p", "\"just a string\"", "[]" },
        { "p", "{\"payload\": \"" + string.Concat(Enumerable.Repeat("大きな本文\\n", 40_000)) + "\"}", """{"userName": "𠮷野家"}""" },
    };

    [Theory]
    [MemberData(nameof(Tricky))]
    public void Tricky_events_encode_to_the_encodings_bytes(string stream, string data, string metadata)
    {
        var record = new ChainRecord(7, 1234, stream, 5, Guid.Parse("0193a5b2-7c1d-7000-8000-00000000abcd"), "KpiMeasured",
            new DateTimeOffset(2026, 2, 28, 23, 59, 59, TimeSpan.FromHours(9)).AddTicks(9_999_999),
            CanonicalJson.Canonicalize(data), CanonicalJson.Canonicalize(metadata), null);
        AssertSame("mima", SHA256.HashData("x"u8), record, data, metadata);
    }

    [Fact]
    public void Random_events_encode_to_the_encodings_bytes()
    {
        var random = new Random(20261207);
        var previous = ChainEncoding.Genesis.ToArray();
        for (var i = 0; i < 3_000; i++)
        {
            var (data, metadata) = (RandomJson.Document(random), RandomJson.Document(random));
            var record = new ChainRecord(i + 1, random.NextInt64(1, long.MaxValue), RandomJson.Text(random, plain: true), random.NextInt64(-5, 1_000_000),
                Guid.NewGuid(), RandomJson.Text(random, plain: true),
                new DateTimeOffset(random.NextInt64(DateTimeOffset.MinValue.UtcTicks, DateTimeOffset.MaxValue.UtcTicks), TimeSpan.Zero).ToOffset(TimeSpan.FromHours(9 * (i % 2))),
                CanonicalJson.Canonicalize(data), CanonicalJson.Canonicalize(metadata), null);
            previous = AssertSame(i % 3 == 0 ? "mima" : RandomJson.Text(random, plain: true), previous, record, data, metadata);
        }
    }

    [Fact]
    public void A_text_member_is_the_json_string_that_holds_the_text()
    {
        var random = new Random(11);
        for (var i = 0; i < 2_000; i++)
        {
            var text = RandomJson.Text(random, plain: false) + (char)random.Next(0, 0x20) + "\"\\/\u2028\u007f";
            var written = new ArrayBufferWriter<byte>();
            CanonicalJson.WriteString(Encoding.UTF8.GetBytes(text), written);
            Assert.Equal(CanonicalJson.Canonicalize(JsonSerializer.Serialize(text)), Encoding.UTF8.GetString(written.WrittenSpan));
        }
    }

    [Fact]
    public void A_control_character_in_a_stream_id_event_type_or_tenant_fits_no_hash_as_the_encoding_refuses_it()
    {
        var record = new ChainRecord(1, 1, "plan/x", 1, Guid.Empty, "KpiMeasured", DateTimeOffset.UnixEpoch, "{}", "{}", null);
        foreach (var (tenant, stream, type) in new[] { ("mima", "plan/x\n3", "KpiMeasured"), ("mima", "plan/x", "KpiMeasured\t"), ("mi\u001fma", "plan/x", "KpiMeasured") })
        {
            Assert.Throws<FormatException>(() => ChainEncoding.Encode(ChainEncoding.Genesis, tenant, 1, record with { StreamId = stream, EventType = type }));
            Assert.False(new ChainHasher(tenant).Start(ChainEncoding.Genesis, 1, 1, Encoding.UTF8.GetBytes(stream), 1, Guid.Empty,
                Encoding.UTF8.GetBytes(type), DateTimeOffset.UnixEpoch));
        }
        Assert.Throws<ArgumentException>(() => new ChainHasher("mima").Start(new byte[31], 1, 1, "p"u8, 1, Guid.Empty, "t"u8, DateTimeOffset.UnixEpoch));
    }

    /// <summary>Encodes <paramref name="record"/> both ways (the hasher from the stored spellings) and returns its hash.</summary>
    private static byte[] AssertSame(string tenant, byte[] previous, ChainRecord record, string data, string metadata)
    {
        var hasher = new ChainHasher(tenant);
        Assert.True(hasher.Start(previous, record.Position!.Value, record.Sequence, Encoding.UTF8.GetBytes(record.StreamId), record.Version,
            record.EventId, Encoding.UTF8.GetBytes(record.EventType), record.RecordedAt));
        hasher.Data(Encoding.UTF8.GetBytes(data));
        hasher.Metadata(Encoding.UTF8.GetBytes(metadata));
        Assert.Equal(Encoding.UTF8.GetBytes(ChainEncoding.Encode(previous, tenant, record.Position.Value, record)), hasher.Encoded.ToArray());
        var hash = new byte[32];
        hasher.Hash(hash);
        Assert.Equal(ChainEncoding.Hash(previous, tenant, record.Position.Value, record), hash);
        return hash;
    }
}
