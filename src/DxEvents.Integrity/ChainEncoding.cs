using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace DxEvents.Integrity;

/// <summary>One event as the hash chain covers it. Data and Metadata are canonical JSON (<see cref="CanonicalJson"/>).
/// Position and Hash are null only on a row that never went through the chain (a forgery).</summary>
public sealed record ChainRecord(
    long? Position, long Sequence, string StreamId, long Version, Guid EventId, string EventType,
    DateTimeOffset RecordedAt, string Data, string Metadata, byte[]? Hash);

/// <summary>
/// The bytes each hash covers, documented byte for byte in docs/chain.md so that an auditor can verify with
/// their own code. UTF-8, twelve lines joined by '\n' (no trailing newline): the version tag, the previous
/// hash in lowercase hex (64 zeros before the first event), tenant, position, sequence, stream id, version,
/// event id, event type, recorded-at (UTC, microseconds), canonical data, canonical metadata. Version 2 reads
/// them from Marten's columns: the metadata is one object of causationId, correlationId, headers and userName,
/// those that are not null.
/// hash = SHA-256 of those bytes. Only stream ids and event types are free text, and a control character in
/// them is refused: a newline could move text from one line to the next and make two events encode alike.
/// </summary>
public static class ChainEncoding
{
    public const string Tag = "dxevents-chain/2";
    public const int HashLength = 32;

    private static readonly byte[] GenesisBytes = new byte[HashLength];

    /// <summary>The "previous hash" of position 1.</summary>
    public static ReadOnlySpan<byte> Genesis => GenesisBytes;

    public static string Encode(ReadOnlySpan<byte> previous, string tenant, long position, ChainRecord e)
    {
        ArgumentNullException.ThrowIfNull(e);
        if (previous.Length != HashLength)
            throw new ArgumentException("A hash is 32 bytes.", nameof(previous));
        if (!IsPlainText(e.StreamId) || !IsPlainText(e.EventType) || !IsPlainText(tenant))
            throw new FormatException($"Event {e.Sequence}: stream id, event type and tenant may not contain control characters.");
        return string.Join('\n',
            Tag,
            Convert.ToHexStringLower(previous),
            tenant,
            position.ToString(CultureInfo.InvariantCulture),
            e.Sequence.ToString(CultureInfo.InvariantCulture),
            e.StreamId,
            e.Version.ToString(CultureInfo.InvariantCulture),
            e.EventId.ToString("D"),
            e.EventType,
            RecordedAt(e.RecordedAt),
            e.Data,
            e.Metadata);
    }

    /// <summary>SHA-256 of exactly the UTF-8 of <see cref="Encode"/>, written straight into one pooled buffer.</summary>
    public static byte[] Hash(ReadOnlySpan<byte> previous, string tenant, long position, ChainRecord e)
    {
        ArgumentNullException.ThrowIfNull(e);
        if (previous.Length != HashLength)
            throw new ArgumentException("A hash is 32 bytes.", nameof(previous));
        if (!IsPlainText(e.StreamId) || !IsPlainText(e.EventType) || !IsPlainText(tenant))
            throw new FormatException($"Event {e.Sequence}: stream id, event type and tenant may not contain control characters.");
        // As string.Join in Encode: a null is an empty line.
        (tenant, var stream, var type, var data, var metadata) = (tenant ?? "", e.StreamId ?? "", e.EventType ?? "", e.Data ?? "", e.Metadata ?? "");
        var utf8 = Encoding.UTF8;
        // Tag, hex, three longs, version, guid, instant and eleven separators fit in 256 bytes.
        var size = 256 + utf8.GetMaxByteCount(tenant.Length + stream.Length + type.Length + data.Length + metadata.Length);
        var buffer = ArrayPool<byte>.Shared.Rent(size);
        try
        {
            var span = buffer.AsSpan();
            var at = 0;
            at += utf8.GetBytes(Tag, span[at..]);
            span[at++] = (byte)'\n';
            Convert.TryToHexStringLower(previous, span[at..], out var hex);
            at += hex;
            span[at++] = (byte)'\n';
            at += utf8.GetBytes(tenant, span[at..]);
            span[at++] = (byte)'\n';
            at += Number(position, span[at..]);
            span[at++] = (byte)'\n';
            at += Number(e.Sequence, span[at..]);
            span[at++] = (byte)'\n';
            at += utf8.GetBytes(stream, span[at..]);
            span[at++] = (byte)'\n';
            at += Number(e.Version, span[at..]);
            span[at++] = (byte)'\n';
            e.EventId.TryFormat(span[at..], out var guid, "D");
            at += guid;
            span[at++] = (byte)'\n';
            at += utf8.GetBytes(type, span[at..]);
            span[at++] = (byte)'\n';
            at += RecordedAt(e.RecordedAt, span[at..]);
            span[at++] = (byte)'\n';
            at += utf8.GetBytes(data, span[at..]);
            span[at++] = (byte)'\n';
            at += utf8.GetBytes(metadata, span[at..]);
            return SHA256.HashData(span[..at]);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static int Number(long value, Span<byte> destination)
    {
        value.TryFormat(destination, out var written, default, CultureInfo.InvariantCulture);
        return written;
    }

    private const string RecordedAtFormat = "yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'";

    /// <summary><see cref="RecordedAt(DateTimeOffset)"/> as UTF-8, digit by digit: a custom format string costs more
    /// than the rest of the encoding. "ffffff" truncates to microseconds, as does this.</summary>
    internal static int RecordedAt(DateTimeOffset instant, Span<byte> destination)
    {
        var utc = instant.UtcDateTime;
        Digits(destination[..4], utc.Year);
        destination[4] = (byte)'-';
        Digits(destination.Slice(5, 2), utc.Month);
        destination[7] = (byte)'-';
        Digits(destination.Slice(8, 2), utc.Day);
        destination[10] = (byte)'T';
        Digits(destination.Slice(11, 2), utc.Hour);
        destination[13] = (byte)':';
        Digits(destination.Slice(14, 2), utc.Minute);
        destination[16] = (byte)':';
        Digits(destination.Slice(17, 2), utc.Second);
        destination[19] = (byte)'.';
        Digits(destination.Slice(20, 6), (int)(utc.Ticks % TimeSpan.TicksPerSecond / 10));
        destination[26] = (byte)'Z';
        return 27;
    }

    private static void Digits(Span<byte> destination, int value)
    {
        for (var i = destination.Length - 1; i >= 0; i--, value /= 10)
            destination[i] = (byte)('0' + value % 10);
    }

    /// <summary>PostgreSQL keeps microseconds; so does the encoding.</summary>
    public static string RecordedAt(DateTimeOffset instant) =>
        instant.UtcDateTime.ToString(RecordedAtFormat, CultureInfo.InvariantCulture);

    public static bool IsPlainText(string text) => !text.AsSpan().ContainsAnyInRange('\u0000', '\u001f');

    public static string Hex(ReadOnlySpan<byte> hash) => Convert.ToHexStringLower(hash);

    /// <summary>64 hex digits, either case; null when the text is not a hash.</summary>
    public static byte[]? ParseHex(string? text)
    {
        if (text is not { Length: HashLength * 2 } || !text.AsSpan().ContainsOnlyHex())
            return null;
        return Convert.FromHexString(text);
    }
}

file static class HexSpan
{
    public static bool ContainsOnlyHex(this ReadOnlySpan<char> text) => !text.ContainsAnyExcept(HexDigits);

    private static readonly SearchValues<char> HexDigits = SearchValues.Create("0123456789abcdefABCDEF");
}
