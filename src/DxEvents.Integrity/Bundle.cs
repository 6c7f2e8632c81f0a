using System.Buffers;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;

namespace DxEvents.Integrity;

/// <summary>What an export bundle says about itself (its first line). Count = Head.Position: the event lines that follow.</summary>
public sealed record BundleManifest(string Format, string Encoding, string Municipality, long Count, ChainHead Head, DateTimeOffset ExportedAt, DateTimeOffset? Until);

/// <summary>
/// An export bundle (dxevents.bundle/1) is JSON Lines: the manifest, then one line per event in chain order with
/// everything its hash covers — position, sequence, stream, version, eventId, type, recordedAt (as encoded), data and
/// metadata (canonical JSON) — and the hash. The previous hash is the line before's, so a bundle verifies on its own.
/// </summary>
public static class Bundle
{
    public const string Format = "dxevents.bundle/1";

    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.Create(UnicodeRanges.All), SkipValidation = false };

    public static void WriteManifest(IBufferWriter<byte> output, BundleManifest manifest)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        using (var w = new Utf8JsonWriter(output, Options))
        {
            w.WriteStartObject();
            w.WriteString("format", manifest.Format);
            w.WriteString("encoding", manifest.Encoding);
            w.WriteString("municipality", manifest.Municipality);
            w.WriteNumber("count", manifest.Count);
            w.WriteStartObject("head");
            w.WriteNumber("position", manifest.Head.Position);
            w.WriteString("hash", manifest.Head.Hash);
            w.WriteEndObject();
            w.WriteString("exportedAt", ChainEncoding.RecordedAt(manifest.ExportedAt));
            if (manifest.Until is { } until)
                w.WriteString("until", ChainEncoding.RecordedAt(until));
            else
                w.WriteNull("until");
            w.WriteEndObject();
        }
        output.Write("\n"u8);
    }

    public static void WriteEvent(IBufferWriter<byte> output, ChainRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        using (var w = new Utf8JsonWriter(output, Options))
        {
            w.WriteStartObject();
            w.WriteNumber("position", record.Position ?? 0);
            w.WriteNumber("sequence", record.Sequence);
            w.WriteString("stream", record.StreamId);
            w.WriteNumber("version", record.Version);
            w.WriteString("eventId", record.EventId.ToString("D"));
            w.WriteString("type", record.EventType);
            w.WriteString("recordedAt", ChainEncoding.RecordedAt(record.RecordedAt));
            // Already canonical: written as is, so the line shows exactly the JSON the hash covers.
            w.WritePropertyName("data");
            w.WriteRawValue(record.Data, skipInputValidation: true);
            w.WritePropertyName("metadata");
            w.WriteRawValue(record.Metadata, skipInputValidation: true);
            w.WriteString("hash", record.Hash is null ? "" : ChainEncoding.Hex(record.Hash));
            w.WriteEndObject();
        }
        output.Write("\n"u8);
    }

    public static BundleManifest ParseManifest(string line)
    {
        using var document = JsonDocument.Parse(line);
        var m = document.RootElement;
        var head = m.GetProperty("head");
        return new BundleManifest(m.GetProperty("format").GetString()!, m.GetProperty("encoding").GetString()!,
            m.GetProperty("municipality").GetString()!, m.GetProperty("count").GetInt64(),
            new ChainHead(head.GetProperty("position").GetInt64(), head.GetProperty("hash").GetString()!),
            Instant(m.GetProperty("exportedAt").GetString()!),
            m.GetProperty("until").ValueKind == JsonValueKind.Null ? null : Instant(m.GetProperty("until").GetString()!));
    }

    /// <summary>An event line back into the record its hash covers; data and metadata are canonicalized again, not trusted.</summary>
    public static ChainRecord ParseEvent(string line)
    {
        using var document = JsonDocument.Parse(line);
        var e = document.RootElement;
        return new ChainRecord(
            e.GetProperty("position").GetInt64(), e.GetProperty("sequence").GetInt64(), e.GetProperty("stream").GetString()!,
            e.GetProperty("version").GetInt64(), Guid.ParseExact(e.GetProperty("eventId").GetString()!, "D"), e.GetProperty("type").GetString()!,
            Instant(e.GetProperty("recordedAt").GetString()!),
            CanonicalJson.Canonicalize(e.GetProperty("data")), CanonicalJson.Canonicalize(e.GetProperty("metadata")),
            ChainEncoding.ParseHex(e.GetProperty("hash").GetString()));
    }

    private static DateTimeOffset Instant(string text) =>
        DateTimeOffset.ParseExact(text, "yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
}
