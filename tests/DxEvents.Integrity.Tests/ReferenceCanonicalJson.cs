using System.Buffers;
using System.Text;
using System.Text.Json;

namespace DxEvents.Integrity.Tests;

/// <summary>
/// REFERENCE ONLY: CanonicalJson as it was before it was made faster, kept verbatim so that
/// <see cref="CanonicalJsonEquivalenceTests"/> can prove the new one writes the same bytes. Not used anywhere else.
/// The one JSON spelling the hash chain covers, so that a verifier in any language can rebuild it:
/// object members sorted by the UTF-8 bytes of their (unescaped) keys — Unicode code point order, not UTF-16 order,
/// which differs above U+FFFF — no whitespace, numbers exactly as their token text, strings with only '"', '\' and
/// U+0000–U+001F escaped, everything else literal UTF-8. Works on the UTF-8 bytes with a forward-only reader: this
/// runs for every event verified, and it canonicalizes twice as fast as walking a JsonDocument.
/// </summary>
internal static class ReferenceCanonicalJson
{
    private static readonly JsonReaderOptions Strict = new() { AllowTrailingCommas = false, CommentHandling = JsonCommentHandling.Disallow, MaxDepth = 256 };

    public static string Canonicalize(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        var output = new ArrayBufferWriter<byte>(json.Length + 16);
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(json), Strict);
        if (!reader.Read())
            throw new JsonException("Empty JSON.");
        WriteValue(ref reader, output);
        if (reader.Read())
            throw new JsonException("More than one JSON value.");
        return Encoding.UTF8.GetString(output.WrittenSpan);
    }

    public static string Canonicalize(JsonElement element) => Canonicalize(element.GetRawText());

    private static void WriteValue(ref Utf8JsonReader reader, ArrayBufferWriter<byte> output)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
                WriteObject(ref reader, output);
                break;
            case JsonTokenType.StartArray:
                output.Write("["u8);
                for (var first = true; reader.Read() && reader.TokenType != JsonTokenType.EndArray; first = false)
                {
                    if (!first) output.Write(","u8);
                    WriteValue(ref reader, output);
                }
                output.Write("]"u8);
                break;
            case JsonTokenType.String:
                WriteString(ref reader, output);
                break;
            default:
                // Numbers, true, false, null: the token text itself, so 1.50 stays 1.50 and 1e2 stays 1e2.
                output.Write(reader.ValueSpan);
                break;
        }
    }

    private readonly record struct Member(int Key, int KeyLength, int Start, int Length, int Index);

    /// <summary>Scratch space per nesting depth, kept per thread: allocating it per object made canonicalizing a quarter slower.</summary>
    private sealed class Level
    {
        public readonly ArrayBufferWriter<byte> Members = new(256);
        public readonly ArrayBufferWriter<byte> Keys = new(64);
        public Member[] Order = new Member[16];
    }

    [ThreadStatic]
    private static List<Level>? _levels;

    [ThreadStatic]
    private static int _depth;

    /// <summary>Each member is written to a scratch buffer, then copied out in key order.</summary>
    private static void WriteObject(ref Utf8JsonReader reader, ArrayBufferWriter<byte> output)
    {
        var levels = _levels ??= [];
        if (levels.Count <= _depth)
            levels.Add(new Level());
        var level = levels[_depth++];
        var (scratch, keys) = (level.Members, level.Keys);
        scratch.ResetWrittenCount();
        keys.ResetWrittenCount();
        var count = 0;
        try
        {
            while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
            {
                var (key, start) = (keys.WrittenCount, scratch.WrittenCount);
                var keyLength = Unescaped(ref reader, keys);
                WriteString(ref reader, scratch);
                scratch.Write(":"u8);
                reader.Read();
                WriteValue(ref reader, scratch);
                if (count == level.Order.Length)
                    Array.Resize(ref level.Order, count * 2);
                level.Order[count] = new Member(key, keyLength, start, scratch.WrittenCount - start, count);
                count++;
            }
        }
        finally
        {
            _depth--;
        }
        var written = keys.WrittenMemory;
        // Stable: a duplicated key (never in jsonb, possible in a hand-edited bundle) keeps its order and fails the hash.
        level.Order.AsSpan(0, count).Sort((a, b) => written.Span.Slice(a.Key, a.KeyLength)
            .SequenceCompareTo(written.Span.Slice(b.Key, b.KeyLength)) is var c and not 0 ? c : a.Index.CompareTo(b.Index));
        output.Write("{"u8);
        for (var i = 0; i < count; i++)
        {
            if (i > 0) output.Write(","u8);
            var m = level.Order[i];
            output.Write(scratch.WrittenSpan.Slice(m.Start, m.Length));
        }
        output.Write("}"u8);
    }

    /// <summary>The string's value as UTF-8, escapes resolved; returns its length.</summary>
    private static int Unescaped(ref Utf8JsonReader reader, ArrayBufferWriter<byte> output)
    {
        if (!reader.ValueIsEscaped)
        {
            output.Write(reader.ValueSpan);
            return reader.ValueSpan.Length;
        }
        var length = reader.CopyString(output.GetSpan(reader.ValueSpan.Length));
        output.Advance(length);
        return length;
    }

    private static readonly SearchValues<byte> NeedsEscape = SearchValues.Create([(byte)'"', (byte)'\\', .. Enumerable.Range(0, 0x20).Select(b => (byte)b)]);

    private static void WriteString(ref Utf8JsonReader reader, ArrayBufferWriter<byte> output)
    {
        output.Write("\""u8);
        // Unescaped, a JSON string holds no quote, backslash or control character: its bytes are already canonical.
        if (!reader.ValueIsEscaped)
        {
            output.Write(reader.ValueSpan);
            output.Write("\""u8);
            return;
        }
        var value = new ArrayBufferWriter<byte>(reader.ValueSpan.Length);
        Unescaped(ref reader, value);
        // Bytes below 0x80 never occur inside a multi-byte UTF-8 sequence, so escaping byte by byte is safe.
        var rest = value.WrittenSpan;
        while (rest.IndexOfAny(NeedsEscape) is var i and >= 0)
        {
            output.Write(rest[..i]);
            output.Write(rest[i] switch
            {
                (byte)'"' => "\\\""u8,
                (byte)'\\' => "\\\\"u8,
                (byte)'\b' => "\\b"u8,
                (byte)'\f' => "\\f"u8,
                (byte)'\n' => "\\n"u8,
                (byte)'\r' => "\\r"u8,
                (byte)'\t' => "\\t"u8,
                var c => Encoding.ASCII.GetBytes($"\\u{c:x4}"),
            });
            rest = rest[(i + 1)..];
        }
        output.Write(rest);
        output.Write("\""u8);
    }
}
