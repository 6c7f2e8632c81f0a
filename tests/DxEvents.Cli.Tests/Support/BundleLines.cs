using System.Buffers;
using System.Text;
using System.Text.Json.Nodes;
using DxEvents.Integrity;

namespace DxEvents.Cli.Tests.Support;

/// <summary>A bundle as a list of lines, written and edited the way someone with a text editor would.</summary>
public sealed class BundleLines
{
    public const string Tenant = "mima";

    public List<string> Lines { get; }

    private BundleLines(List<string> lines) => Lines = lines;

    /// <summary>A valid bundle of <paramref name="count"/> KpiMeasured events with distinct figures and Japanese text. Metadata
    /// is dxevents-chain/2's (Marten's columns): user name, correlation and causation ids, headers with the request id, and on
    /// every fourth event a reason and warnings.</summary>
    public static BundleLines Valid(int count)
    {
        var records = new List<ChainRecord>();
        var previous = ChainEncoding.Genesis.ToArray();
        for (var p = 1; p <= count; p++)
        {
            var headers = p % 4 == 0
                ? $$"""{"reason": "第{{p}}回 訂正", "warnings": ["/value: 前期比 +{{p * 10}}%"], "requestId": "req-{{p}}"}"""
                : $$"""{"requestId": "req-{{p}}"}""";
            var record = new ChainRecord(p, 100 + p, $"plan/mima-dx/kpi/k{p % 3:00}", p, Guid.CreateVersion7(), "KpiMeasured",
                new DateTimeOffset(2025, 10, 1, 0, 0, 0, TimeSpan.Zero).AddMinutes(p),
                CanonicalJson.Canonicalize($$"""{"fiscalYear": 2025, "quarter": {{1 + p % 4}}, "value": {{p * 10}}, "note": "第{{p}}回 集計"}"""),
                CanonicalJson.Canonicalize($$"""{"headers": {{headers}}, "userName": "美馬市 職員{{p}}", "causationId": "req-{{p}}", "correlationId": "corr-{{p}}"}"""),
                null);
            previous = ChainEncoding.Hash(previous, Tenant, p, record);
            records.Add(record with { Hash = previous });
        }
        var manifest = new BundleManifest(Bundle.Format, ChainEncoding.Tag, Tenant, count,
            new ChainHead(count, ChainEncoding.Hex(previous)), new DateTimeOffset(2025, 11, 20, 1, 0, 0, TimeSpan.Zero), null);
        var buffer = new ArrayBufferWriter<byte>();
        Bundle.WriteManifest(buffer, manifest);
        foreach (var record in records)
            Bundle.WriteEvent(buffer, record);
        return new BundleLines([.. Encoding.UTF8.GetString(buffer.WrittenSpan).Split('\n', StringSplitOptions.RemoveEmptyEntries)]);
    }

    /// <summary>The event line at a position (line = position + 1), parsed for editing.</summary>
    public JsonObject Event(int position) => JsonNode.Parse(Lines[position])!.AsObject();

    public void Set(int position, JsonObject line) => Lines[position] = line.ToJsonString(new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });

    public ChainRecord Record(int position) => Bundle.ParseEvent(Lines[position]);

    public string Save()
    {
        var path = TempFiles.New();
        File.WriteAllText(path, string.Join('\n', Lines) + "\n", new UTF8Encoding(false));
        return path;
    }
}
