using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using DxEvents.Domain;
using DxEvents.Domain.Plans.Import;

namespace DxEvents.Integrity.Tests;

/// <summary>
/// The chain's hashes cover canonical JSON: a faster canonicalizer must write exactly the bytes the old one wrote, or
/// every stored hash stops verifying. The old implementation (<see cref="ReferenceCanonicalJson"/>) and the new one
/// run over the same corpus — the sample plans and their events as the service stores them and as jsonb prints them,
/// hand-picked edge cases, and seeded random documents — and must agree byte for byte, and fail alike.
/// </summary>
public sealed class CanonicalJsonEquivalenceTests
{
    public static TheoryData<string> EdgeCases => new()
    {
        """{"b":1,"a":2}""",
        """{ "b" : [1e2, -0, true, false, null], "a": {} }""",
        """{"value": 1.50, "big": 1e3, "Big": 1E3, "neg": -0, "zero": 0.0, "tiny": -1.5e-10, "long": 123456789012345678901234567890}""",
        """{"note": "窓口受付件数を集計", "単位": "人", "emoji": "😀", "ｶﾅ": "半角"}""",
        """{"\uD83D\uDE00": 1, "\uFFFF": 2, "\uE000": 3, "z": 4}""",
        """{"a\u0062": 1, "ab": 2, "aa": 3}""",
        """{"s": "quote \" backslash \\ slash \/ nl \n cr \r tab \t bs \b ff \f ctl \u0001 \u001f del \u007f"}""",
        """{"s": "\u00e9\u65e5\u672c \ud83d\ude00 \u0000"}""",
        """{"x": {"c": {"z": 1, "y": [ {"b": 2, "a": 1}, [] ] }, "b": {}, "a": []}}""",
        """{"dup": 1, "dup": 2, "a": 0}""",
        """{"long key first": 1, "k": 2, "mid": 3}""",
        """[ 1 , "two" , { "b" : null , "a" : true } ]""",
        "\"just a string\"",
        "42",
        "-0.000",
        "true",
        "null",
        "{}",
        "[]",
        "  \r\n\t{\"a\"\t:\r\n1}\n",
        """{"headers": {"reason": "集計漏れ（支所分）を加算", "warnings": ["/measures/0/budget: 一般財源 3,398 > 事業費 3,388"]}, "userName": "美馬市 DX推進室 田中", "causationId": "x", "correlationId": "y"}""",
        "\"lone \uD800 surrogate\"",
        "{\"k\uDC00\": \"v\"}",
        new string('[', 200) + new string(']', 200),
    };

    public static TheoryData<string> Invalid => new()
    {
        "", " ", "{", "}", "{\"a\":1,}", "[1,]", "1 2", "{\"a\" 1}", "// c\n1", "\"\\x\"", "\"\u0001\"", "nul", "01", "{\"a\":1}}",
        "{a:1}", "'a'", new string('[', 300) + new string(']', 300),
    };

    [Theory]
    [MemberData(nameof(EdgeCases))]
    public void Edge_cases_canonicalize_to_the_same_bytes(string json) => AssertSame(json);

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Invalid_documents_fail_alike(string json)
    {
        var expected = Record.Exception(() => ReferenceCanonicalJson.Canonicalize(json));
        var actual = Record.Exception(() => CanonicalJson.Canonicalize(json));
        Assert.NotNull(expected);
        Assert.NotNull(actual);
        Assert.Equal(expected.GetType(), actual.GetType());
        Assert.Equal(expected.Message, actual.Message);
    }

    [Fact]
    public void The_sample_plans_and_their_events_canonicalize_to_the_same_bytes()
    {
        var corpus = SamplePlans().ToList();
        Assert.True(corpus.Count > 500, $"only {corpus.Count} documents");
        Parallel.ForEach(corpus, AssertSame);
    }

    [Fact]
    public void Random_documents_canonicalize_to_the_same_bytes()
    {
        // Several threads at once: the new implementation keeps its buffers per thread.
        Parallel.For(0, 8, worker =>
        {
            var random = new Random(20251126 + worker);
            for (var i = 0; i < 2_500; i++)
                AssertSame(RandomJson.Document(random));
        });
    }

    [Fact]
    public void Hash_is_sha256_of_the_encoding()
    {
        var random = new Random(7);
        var previous = ChainEncoding.Genesis.ToArray();
        for (var i = 0; i < 5_000; i++)
        {
            var record = new ChainRecord(i + 1, random.NextInt64(1, long.MaxValue), RandomJson.Text(random, plain: true), random.NextInt64(-5, 1_000_000),
                new Guid(RandomBytes(random, 16)), RandomJson.Text(random, plain: true),
                new DateTimeOffset(random.NextInt64(DateTimeOffset.MinValue.UtcTicks, DateTimeOffset.MaxValue.UtcTicks), TimeSpan.Zero).ToOffset(TimeSpan.FromHours(9 * (i % 2))),
                CanonicalJson.Canonicalize(RandomJson.Document(random)), CanonicalJson.Canonicalize(RandomJson.Document(random)), null);
            var tenant = i % 3 == 0 ? "mima" : RandomJson.Text(random, plain: true);
            var expected = SHA256.HashData(Encoding.UTF8.GetBytes(ChainEncoding.Encode(previous, tenant, record.Position!.Value, record)));
            var actual = ChainEncoding.Hash(previous, tenant, record.Position!.Value, record);
            Assert.Equal(Convert.ToHexString(expected), Convert.ToHexString(actual));
            previous = actual;
        }
    }

    [Fact]
    public void Hash_refuses_what_the_encoding_refuses()
    {
        var record = new ChainRecord(1, 1, "plan/x", 1, Guid.Empty, "KpiMeasured", DateTimeOffset.UnixEpoch, "{}", "{}", null);
        Assert.Throws<FormatException>(() => ChainEncoding.Hash(ChainEncoding.Genesis, "mima", 1, record with { StreamId = "plan/x\n3" }));
        Assert.Throws<FormatException>(() => ChainEncoding.Hash(ChainEncoding.Genesis, "mi\tma", 1, record));
        Assert.Throws<ArgumentException>(() => ChainEncoding.Hash(new byte[31], "mima", 1, record));
    }

    private static void AssertSame(string json)
    {
        var expected = ReferenceCanonicalJson.Canonicalize(json);
        var actual = CanonicalJson.Canonicalize(json);
        Assert.Equal(Encoding.UTF8.GetBytes(expected), Encoding.UTF8.GetBytes(actual));
        Assert.Equal(expected, actual);
        using var document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 256 });
        foreach (var element in Elements(document.RootElement))
            Assert.Equal(ReferenceCanonicalJson.Canonicalize(element), CanonicalJson.Canonicalize(element));
    }

    private static IEnumerable<JsonElement> Elements(JsonElement element)
    {
        yield return element;
        var children = element.ValueKind switch
        {
            JsonValueKind.Object => element.EnumerateObject().Select(p => p.Value),
            JsonValueKind.Array => element.EnumerateArray(),
            _ => [],
        };
        foreach (var child in children.Take(3))
            yield return child;
    }

    /// <summary>Each plan document (as filed and compact), and every event of it as Marten stores it and as jsonb prints it back.</summary>
    private static IEnumerable<string> SamplePlans()
    {
        foreach (var file in Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "sample-data"), "*.plan.json"))
        {
            var text = File.ReadAllText(file);
            yield return text;
            using var document = JsonDocument.Parse(text);
            yield return JsonSerializer.Serialize(document.RootElement);
            if (PlanDocumentReader.Read(document.RootElement) is not PlanImportAccepted plan)
                continue;
            foreach (var e in plan.Events)
            {
                var (_, json) = EventCatalog.Serialize(e);
                yield return json;
                yield return JsonbText(json);
                yield return JsonSerializer.Serialize(JsonDocument.Parse(json).RootElement, new JsonSerializerOptions { Encoder = JavaScriptEncoder.Default });
            }
        }
    }

    /// <summary>How PostgreSQL prints jsonb: shorter keys first, ", " and ": " between tokens.</summary>
    private static string JsonbText(string json)
    {
        var output = new StringBuilder();
        Write(JsonDocument.Parse(json).RootElement);
        return output.ToString();

        void Write(JsonElement e)
        {
            switch (e.ValueKind)
            {
                case JsonValueKind.Object:
                    output.Append('{');
                    var members = e.EnumerateObject().OrderBy(p => Encoding.UTF8.GetByteCount(p.Name))
                        .ThenBy(p => Encoding.UTF8.GetBytes(p.Name), Comparer<byte[]>.Create((a, b) => a.AsSpan().SequenceCompareTo(b))).ToList();
                    for (var i = 0; i < members.Count; i++)
                    {
                        output.Append(i > 0 ? ", " : "").Append(JsonSerializer.Serialize(members[i].Name)).Append(": ");
                        Write(members[i].Value);
                    }
                    output.Append('}');
                    break;
                case JsonValueKind.Array:
                    output.Append('[');
                    var first = true;
                    foreach (var item in e.EnumerateArray())
                    {
                        output.Append(first ? "" : ", ");
                        first = false;
                        Write(item);
                    }
                    output.Append(']');
                    break;
                default:
                    output.Append(e.GetRawText());
                    break;
            }
        }
    }

    private static byte[] RandomBytes(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }
}

/// <summary>Seeded random JSON: any key order, whitespace anywhere it may go, every kind of escape, tricky numbers.</summary>
internal static class RandomJson
{
    private static readonly string[] Numbers = ["0", "-0", "1", "1.50", "1e3", "1E+3", "-2.5e-7", "123456789012345678901234567890", "0.1", "-0.0", "3388", "3398"];
    private static readonly string[] Words = ["mima", "窓口", "事業費", "😀", "é", "a", "ab", "b", "", "𠮷野家", "ｶﾅ", "\uFFFD", "Z"];

    public static string Document(Random random) => Value(random, 0);

    public static string Text(Random random, bool plain)
    {
        var builder = new StringBuilder();
        for (var i = random.Next(0, 4); i > 0; i--)
            builder.Append(Words[random.Next(Words.Length)]);
        if (!plain && random.Next(4) == 0)
            builder.Append((char)random.Next(0, 0x20));
        if (!plain && random.Next(6) == 0)
            builder.Append(random.Next(2) == 0 ? '"' : '\\');
        return builder.ToString();
    }

    private static string Value(Random random, int depth) => random.Next(depth > 4 ? 3 : 6) switch
    {
        0 => Numbers[random.Next(Numbers.Length)],
        1 => String(random),
        2 => random.Next(3) switch { 0 => "true", 1 => "false", _ => "null" },
        3 => "[" + Space(random) + string.Join("," + Space(random), Enumerable.Range(0, random.Next(4)).Select(_ => Value(random, depth + 1))) + Space(random) + "]",
        _ => "{" + Space(random) + string.Join("," + Space(random),
            Enumerable.Range(0, random.Next(6)).Select(_ => String(random) + Space(random) + ":" + Space(random) + Value(random, depth + 1))) + Space(random) + "}",
    };

    /// <summary>A JSON string literal, its characters written plainly or escaped in any of the ways JSON allows.</summary>
    private static string String(Random random)
    {
        var text = Text(random, plain: false);
        var builder = new StringBuilder("\"");
        foreach (var rune in text.EnumerateRunes())
        {
            var escape = rune.Value < 0x20 || rune.Value == '"' || rune.Value == '\\' || random.Next(8) == 0;
            if (!escape)
                builder.Append(rune.ToString());
            else if (rune.Value == '/' || (random.Next(2) == 0 && rune.Value is '"' or '\\' or '\n' or '\t' or '\b' or '\f' or '\r'))
                builder.Append(rune.Value switch { '"' => "\\\"", '\\' => "\\\\", '\n' => "\\n", '\t' => "\\t", '\b' => "\\b", '\f' => "\\f", '\r' => "\\r", _ => "\\/" });
            else
                foreach (var unit in rune.ToString())
                    builder.Append(string.Create(CultureInfo.InvariantCulture, $"\\u{(int)unit:x4}"));
        }
        return builder.Append('"').ToString();
    }

    private static string Space(Random random) => random.Next(4) switch { 0 => " ", 1 => "\n  ", 2 => "", _ => "\t" };
}
