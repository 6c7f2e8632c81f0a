using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace DxEvents.Integrity;

/// <summary>
/// The bytes of <see cref="ChainEncoding"/> for one event after another, built in one reused buffer from UTF-8 as it is
/// read where the event is stored: no string, record or array per event. Verification walks every event of a chain, so
/// the walk checks each stored hash with this and turns an event into a <see cref="ChainRecord"/> only when it does not
/// fit. Calls go <see cref="Start"/>, <see cref="Data"/>, then the metadata (<see cref="Metadata"/>, or canonical bytes
/// written to <see cref="Line"/>), then <see cref="Hash"/>.
/// </summary>
public sealed class ChainHasher
{
    private static readonly byte[] TagLine = Encoding.UTF8.GetBytes(ChainEncoding.Tag + "\n");

    private readonly ArrayBufferWriter<byte> _buffer = new(4096);
    private readonly byte[] _tenant;
    private readonly bool _plainTenant;

    public ChainHasher(string tenant)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        _tenant = Encoding.UTF8.GetBytes(tenant);
        _plainTenant = ChainEncoding.IsPlainText(tenant);
    }

    /// <summary>What has been written so far for the current event.</summary>
    public ReadOnlySpan<byte> Encoded => _buffer.WrittenSpan;

    /// <summary>The first ten lines, each with its newline. False when the tenant, stream id or event type holds a control
    /// character: <see cref="ChainEncoding"/> refuses to encode such an event, so no hash fits it.</summary>
    public bool Start(ReadOnlySpan<byte> previous, long position, long sequence, ReadOnlySpan<byte> streamId, long version,
        Guid eventId, ReadOnlySpan<byte> eventType, DateTimeOffset recordedAt)
    {
        if (previous.Length != ChainEncoding.HashLength)
            throw new ArgumentException("A hash is 32 bytes.", nameof(previous));
        // UTF-8 bytes below 0x20 are exactly the characters U+0000–U+001F: no multi-byte sequence contains one.
        if (!_plainTenant || streamId.IndexOfAnyInRange((byte)0, (byte)0x1f) >= 0 || eventType.IndexOfAnyInRange((byte)0, (byte)0x1f) >= 0)
            return false;
        _buffer.ResetWrittenCount();
        var span = _buffer.GetSpan(256 + _tenant.Length + streamId.Length + eventType.Length);
        var at = 0;
        TagLine.CopyTo(span);
        at += TagLine.Length;
        Convert.TryToHexStringLower(previous, span[at..], out var hex);
        at += hex;
        span[at++] = (byte)'\n';
        _tenant.CopyTo(span[at..]);
        at += _tenant.Length;
        span[at++] = (byte)'\n';
        at += Number(position, span[at..]);
        at += Number(sequence, span[at..]);
        streamId.CopyTo(span[at..]);
        at += streamId.Length;
        span[at++] = (byte)'\n';
        at += Number(version, span[at..]);
        eventId.TryFormat(span[at..], out var guid, "D");
        at += guid;
        span[at++] = (byte)'\n';
        eventType.CopyTo(span[at..]);
        at += eventType.Length;
        span[at++] = (byte)'\n';
        at += ChainEncoding.RecordedAt(recordedAt, span[at..]);
        span[at++] = (byte)'\n';
        _buffer.Advance(at);
        return true;
    }

    /// <summary>Line 11: the data, in any JSON spelling, canonicalized.</summary>
    public void Data(ReadOnlySpan<byte> json)
    {
        CanonicalJson.Canonicalize(json, _buffer);
        _buffer.Write("\n"u8);
    }

    /// <summary>Line 12 from a whole JSON object, canonicalized.</summary>
    public void Metadata(ReadOnlySpan<byte> json) => CanonicalJson.Canonicalize(json, _buffer);

    /// <summary>Where the caller writes line 12 itself, already canonical (built from columns rather than parsed).</summary>
    public IBufferWriter<byte> Line => _buffer;

    /// <summary>SHA-256 of the event's bytes.</summary>
    public void Hash(Span<byte> destination) => SHA256.HashData(_buffer.WrittenSpan, destination);

    /// <summary>The number and its newline.</summary>
    private static int Number(long value, Span<byte> destination)
    {
        value.TryFormat(destination, out var written, default, CultureInfo.InvariantCulture);
        destination[written] = (byte)'\n';
        return written + 1;
    }
}
