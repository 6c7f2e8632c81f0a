using System.Buffers;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace DxEvents.Integrity;

/// <summary>
/// The one JSON spelling the hash chain covers, so that a verifier in any language can rebuild it:
/// object members sorted by the UTF-8 bytes of their (unescaped) keys — Unicode code point order, not UTF-16 order,
/// which differs above U+FFFF — no whitespace, numbers exactly as their token text, strings with only '"', '\' and
/// U+0000–U+001F escaped, everything else literal UTF-8. Works on the UTF-8 bytes with a forward-only reader: this
/// runs twice for every event verified or sealed.
/// </summary>
public static class CanonicalJson
{
    private static readonly JsonReaderOptions Strict = new() { AllowTrailingCommas = false, CommentHandling = JsonCommentHandling.Disallow, MaxDepth = 256 };

    public static string Canonicalize(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        var input = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(json.Length));
        try
        {
            return Canonicalize(input.AsSpan(0, Encoding.UTF8.GetBytes(json, input)));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(input);
        }
    }

    /// <summary>The element's own UTF-8 text, canonicalized without first turning it into a string.</summary>
    public static string Canonicalize(JsonElement element) => Canonicalize(JsonMarshal.GetRawUtf8Value(element));

    private static string Canonicalize(ReadOnlySpan<byte> utf8) => Encoding.UTF8.GetString(Run(utf8));

    /// <summary>Appends the canonical spelling of UTF-8 JSON to <paramref name="output"/>, with no string in between:
    /// verification reads each event's JSON as bytes and hashes it from one buffer.</summary>
    public static void Canonicalize(ReadOnlySpan<byte> utf8, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        output.Write(Run(utf8));
    }

    /// <summary>Appends a text (UTF-8, not JSON) as the canonical JSON string that holds it.</summary>
    public static void WriteString(ReadOnlySpan<byte> utf8, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var scratch = _scratch ??= new Scratch();
        scratch.Reset();
        scratch.Output.Write((byte)'"');
        Escape(utf8, scratch.Output);
        scratch.Output.Write((byte)'"');
        output.Write(scratch.Output.Written);
    }

    /// <summary>The canonical bytes in the thread's scratch buffer, valid until the next call.</summary>
    private static ReadOnlySpan<byte> Run(ReadOnlySpan<byte> utf8)
    {
        var scratch = _scratch ??= new Scratch();
        scratch.Reset();
        var reader = new Utf8JsonReader(utf8, Strict);
        if (!reader.Read())
            throw new JsonException("Empty JSON.");
        WriteValue(ref reader, scratch);
        if (reader.Read())
            throw new JsonException("More than one JSON value.");
        return scratch.Output.Written;
    }

    private static void WriteValue(ref Utf8JsonReader reader, Scratch scratch)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
                WriteObject(ref reader, scratch);
                break;
            case JsonTokenType.StartArray:
                scratch.Output.Write((byte)'[');
                for (var first = true; reader.Read() && reader.TokenType != JsonTokenType.EndArray; first = false)
                {
                    if (!first) scratch.Output.Write((byte)',');
                    WriteValue(ref reader, scratch);
                }
                scratch.Output.Write((byte)']');
                break;
            case JsonTokenType.String:
                WriteString(ref reader, scratch.Output);
                break;
            default:
                // Numbers, true, false, null: the token text itself, so 1.50 stays 1.50 and 1e2 stays 1e2.
                scratch.Output.Write(reader.ValueSpan);
                break;
        }
    }

    /// <summary>A member as written: where it starts in the output (its key's opening quote) and ends (after its
    /// value), and where its unescaped key is — in the output itself, or among the unescaped keys when it had escapes.</summary>
    private readonly record struct Member(int Start, int End, int Key, int KeyLength, bool KeyUnescaped, int Index);

    /// <summary>
    /// Members are written straight to the output in document order. Already in key order (every bundle line, most
    /// documents) they stay where they are; otherwise (jsonb prints shorter keys first) the object's bytes are copied
    /// aside once and written back in key order.
    /// </summary>
    private static void WriteObject(ref Utf8JsonReader reader, Scratch scratch)
    {
        var output = scratch.Output;
        var members = scratch.Members;
        var frame = members.Count;
        var keysMark = scratch.Keys.Length;
        output.Write((byte)'{');
        var sorted = true;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            if (members.Count > frame)
                output.Write((byte)',');
            var start = output.Length;
            Member member;
            if (reader.ValueIsEscaped)
            {
                var key = scratch.Keys.Length;
                var length = reader.CopyString(scratch.Keys.Reserve(reader.ValueSpan.Length));
                scratch.Keys.Advance(length);
                member = new Member(start, 0, key, length, true, members.Count - frame);
            }
            else
            {
                member = new Member(start, 0, start + 1, reader.ValueSpan.Length, false, members.Count - frame);
            }
            WriteString(ref reader, output);
            output.Write((byte)':');
            reader.Read();
            WriteValue(ref reader, scratch);
            member = member with { End = output.Length };
            if (members.Count > frame && Compare(scratch, members[^1], member) > 0)
                sorted = false;
            members.Add(member);
        }
        if (!sorted)
            Reorder(scratch, CollectionsMarshal.AsSpan(members)[frame..]);
        output.Write((byte)'}');
        members.RemoveRange(frame, members.Count - frame);
        scratch.Keys.Truncate(keysMark);
    }

    /// <summary>Stable: a duplicated key (never in jsonb, possible in a hand-edited bundle) keeps its order and fails the hash.</summary>
    private static int Compare(Scratch scratch, Member a, Member b) =>
        KeyOf(scratch, a).SequenceCompareTo(KeyOf(scratch, b)) is var c and not 0 ? c : a.Index.CompareTo(b.Index);

    private static ReadOnlySpan<byte> KeyOf(Scratch scratch, Member m) =>
        (m.KeyUnescaped ? scratch.Keys.Written : scratch.Output.Written).Slice(m.Key, m.KeyLength);

    private static void Reorder(Scratch scratch, Span<Member> members)
    {
        var output = scratch.Output;
        var first = members[0].Start;
        var copy = ArrayPool<byte>.Shared.Rent(output.Length - first);
        try
        {
            output.Written[first..].CopyTo(copy);
            // Insertion sort: objects are small, and it needs no delegate. Keys held in the output move with it: compare them in the copy.
            for (var i = 1; i < members.Length; i++)
            {
                var m = members[i];
                var j = i - 1;
                for (; j >= 0 && Compare(scratch, copy, first, members[j], m) > 0; j--)
                    members[j + 1] = members[j];
                members[j + 1] = m;
            }
            output.Truncate(first);
            for (var i = 0; i < members.Length; i++)
            {
                if (i > 0) output.Write((byte)',');
                output.Write(copy.AsSpan(members[i].Start - first, members[i].End - members[i].Start));
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(copy);
        }
    }

    private static int Compare(Scratch scratch, byte[] copy, int first, Member a, Member b) =>
        KeyIn(scratch, copy, first, a).SequenceCompareTo(KeyIn(scratch, copy, first, b)) is var c and not 0 ? c : a.Index.CompareTo(b.Index);

    private static ReadOnlySpan<byte> KeyIn(Scratch scratch, byte[] copy, int first, Member m) =>
        m.KeyUnescaped ? scratch.Keys.Written.Slice(m.Key, m.KeyLength) : copy.AsSpan(m.Key - first, m.KeyLength);

    private static readonly SearchValues<byte> NeedsEscape = SearchValues.Create([(byte)'"', (byte)'\\', .. Enumerable.Range(0, 0x20).Select(b => (byte)b)]);

    private static void WriteString(ref Utf8JsonReader reader, Bytes output)
    {
        output.Write((byte)'"');
        // Unescaped, a JSON string holds no quote, backslash or control character: its bytes are already canonical.
        if (!reader.ValueIsEscaped)
        {
            output.Write(reader.ValueSpan);
            output.Write((byte)'"');
            return;
        }
        var buffer = ArrayPool<byte>.Shared.Rent(reader.ValueSpan.Length);
        try
        {
            Escape(buffer.AsSpan(0, reader.CopyString(buffer)), output);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
        output.Write((byte)'"');
    }

    private static void Escape(ReadOnlySpan<byte> rest, Bytes output)
    {
        // Bytes below 0x80 never occur inside a multi-byte UTF-8 sequence, so escaping byte by byte is safe.
        while (rest.IndexOfAny(NeedsEscape) is var i and >= 0)
        {
            output.Write(rest[..i]);
            switch (rest[i])
            {
                case (byte)'"': output.Write("\\\""u8); break;
                case (byte)'\\': output.Write("\\\\"u8); break;
                case (byte)'\b': output.Write("\\b"u8); break;
                case (byte)'\f': output.Write("\\f"u8); break;
                case (byte)'\n': output.Write("\\n"u8); break;
                case (byte)'\r': output.Write("\\r"u8); break;
                case (byte)'\t': output.Write("\\t"u8); break;
                case var c:
                    output.Write("\\u00"u8);
                    output.Write((byte)"0123456789abcdef"[c >> 4]);
                    output.Write((byte)"0123456789abcdef"[c & 0xf]);
                    break;
            }
            rest = rest[(i + 1)..];
        }
        output.Write(rest);
    }

    /// <summary>Buffers kept per thread and reused: allocating them per call made canonicalizing markedly slower.</summary>
    [ThreadStatic]
    private static Scratch? _scratch;

    private sealed class Scratch
    {
        public readonly Bytes Output = new(1024);
        public readonly Bytes Keys = new(256);
        public readonly List<Member> Members = new(64);

        public void Reset()
        {
            Output.Truncate(0);
            Keys.Truncate(0);
            Members.Clear();
        }
    }

    /// <summary>A growable byte buffer that can also be cut back.</summary>
    private sealed class Bytes(int capacity)
    {
        private byte[] _buffer = new byte[capacity];

        public int Length { get; private set; }

        public ReadOnlySpan<byte> Written => _buffer.AsSpan(0, Length);

        public void Write(byte b)
        {
            if (Length == _buffer.Length)
                Grow(1);
            _buffer[Length++] = b;
        }

        public void Write(ReadOnlySpan<byte> bytes)
        {
            if (_buffer.Length - Length < bytes.Length)
                Grow(bytes.Length);
            bytes.CopyTo(_buffer.AsSpan(Length));
            Length += bytes.Length;
        }

        public Span<byte> Reserve(int size)
        {
            if (_buffer.Length - Length < size)
                Grow(size);
            return _buffer.AsSpan(Length, size);
        }

        public void Advance(int count) => Length += count;

        public void Truncate(int length) => Length = length;

        private void Grow(int needed) => Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, Length + needed));
    }
}
