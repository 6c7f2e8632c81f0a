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
/// The bytes each hash covers, documented byte for byte in the README so that an auditor can verify with
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

    public static byte[] Hash(ReadOnlySpan<byte> previous, string tenant, long position, ChainRecord e)
    {
        var text = Encode(previous, tenant, position, e);
        var buffer = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(text.Length));
        try
        {
            var length = Encoding.UTF8.GetBytes(text, buffer);
            return SHA256.HashData(buffer.AsSpan(0, length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>PostgreSQL keeps microseconds; so does the encoding.</summary>
    public static string RecordedAt(DateTimeOffset instant) =>
        instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);

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
