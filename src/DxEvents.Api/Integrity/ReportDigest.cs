using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using DxEvents.Api.EventStore;
using DxEvents.Domain;
using DxEvents.Domain.Status;
using DxEvents.Domain.Texts;
using DxEvents.Integrity;

namespace DxEvents.Api.Integrity;

/// <summary>
/// The digest a status report carries beside its chain head, so that the numbers on it — not only the history under
/// them — can be proved later: SHA-256 over the UTF-8 of the format tag, a line feed, and the report's canonical JSON
/// (<see cref="CanonicalJson"/>; texts as code, Japanese and English, so the digest does not depend on the reader's
/// language). The report names its plan, reporting date, effective date and the tolerances it was judged by, so the
/// digest covers them too. Byte for byte in docs/integrity.md.
/// </summary>
/// <remarks>
/// A current report is read from the projection's rows, which the chain does not cover; <see cref="ReplayAsync"/>
/// recomputes it from the sealed history alone, as the service, the auditor's page and the offline CLI all do, so a row
/// changed behind the projection's back gives a report whose digest no replay reproduces.
/// </remarks>
public static class ReportDigest
{
    public const string Format = "dxevents-report/1";

    private static readonly JsonSerializerOptions Json = CreateJson();

    /// <summary>64 lowercase hexadecimal digits.</summary>
    public static string Of(PlanStatusReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var canonical = CanonicalJson.Canonicalize(JsonSerializer.Serialize(report, Json));
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Format + "\n" + canonical)));
    }

    /// <summary>A digest as a person or a QR code hands it over: 64 hexadecimal digits, either case; null otherwise.</summary>
    public static string? Parse(string? text) =>
        ChainEncoding.ParseHex(text?.Trim()) is { } bytes ? Convert.ToHexStringLower(bytes) : null;

    /// <summary>
    /// The plan's report recomputed from chain records (in chain order, up to and including the pinned head's position)
    /// by the domain's fold and rule: the same selection as the service's read — every event of the plan the head covers,
    /// or with <paramref name="asOf"/> those recorded by then — judged under the tolerances in force in that history.
    /// Null when the history up to the head holds no such plan.
    /// </summary>
    public static async Task<PlanStatusReport?> ReplayAsync(IAsyncEnumerable<ChainRecord> records, string planId, long upToPosition,
        DateTimeOffset? asOf, DateOnly reportingDate, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(records);
        PlanView? view = null;
        await foreach (var r in records.WithCancellation(ct))
        {
            if (r.Position > upToPosition)
                break;
            if ((asOf is { } t && r.RecordedAt > t) || StreamIds.PlanIdOf(r.StreamId) != planId)
                continue;
            view = PlanViewProjection.Apply(view, Envelopes.FromChainRecord(r));
        }
        return view is null ? null : StatusRule.Evaluate(view, reportingDate, view.Tolerances);
    }

    /// <summary>The event catalog's JSON dialect (the stored events' own), with texts in both languages.</summary>
    private static JsonSerializerOptions CreateJson()
    {
        var options = new JsonSerializerOptions(EventCatalog.JsonOptions);
        options.Converters.Add(new BothLanguages());
        options.MakeReadOnly();
        return options;
    }

    /// <summary>A text as its stable code and both wordings: what it says, whoever reads it.</summary>
    private sealed class BothLanguages : JsonConverter<Text>
    {
        public override bool CanConvert(Type typeToConvert) => typeof(Text).IsAssignableFrom(typeToConvert);

        public override Text Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            throw new JsonException("A digested text is written, never read back.");

        public override void Write(Utf8JsonWriter writer, Text value, JsonSerializerOptions options)
        {
            writer.WriteStartObject();
            writer.WriteString("code", value.Code);
            writer.WriteString("ja", value.Ja);
            writer.WriteString("en", value.En);
            writer.WriteEndObject();
        }
    }
}
