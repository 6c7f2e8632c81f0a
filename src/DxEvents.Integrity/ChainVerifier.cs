namespace DxEvents.Integrity;

public enum ChainBreakKind
{
    /// <summary>An event's content no longer matches its hash.</summary>
    Altered,
    /// <summary>A position has no event: a row or line is gone.</summary>
    Missing,
    /// <summary>Events or their payloads changed places: what belongs at this position sits at another.</summary>
    Reordered,
    /// <summary>An event that is not part of the chain: a duplicate position, one past the head, or one slipped in.</summary>
    Inserted,
}

/// <summary>Where the history first breaks. Ordinal counts records in the order the source gave them, from 0
/// (a bundle's event line number is Ordinal + 2: line 1 is the manifest).</summary>
public sealed record ChainBreak(long Position, ChainBreakKind Kind, string Detail, long Ordinal, long? Sequence);

public sealed record ChainHead(long Position, string Hash)
{
    public static ChainHead Empty { get; } = new(0, ChainEncoding.Hex(ChainEncoding.Genesis));
}

/// <summary>Whether a head someone kept (a printed report's) is still an intact ancestor of this history.</summary>
public sealed record PinnedHead(string Hash, long? Position, bool Extends);

/// <summary>Verified is how far the chain holds: the whole history when Break is null, else up to the break.</summary>
public sealed record ChainVerification(long Count, ChainHead Verified, ChainBreak? Break, PinnedHead? Pinned)
{
    public bool Ok => Break is null;
}

/// <summary>The records of one chain in source order, after skipping the first <c>skip</c>. Called again only to
/// explain a break, so that the walk itself holds one record at a time.</summary>
public delegate IAsyncEnumerable<ChainRecord> ChainSource(long skip, CancellationToken ct);

/// <summary>
/// A chain read one record at a time, in source order, whose current record can be checked against its stored hash
/// before (and mostly instead of) becoming a <see cref="ChainRecord"/>: the database's rows are hashed from the bytes
/// read, without a string or record per event.
/// </summary>
public interface IChainCursor
{
    ValueTask<bool> ReadAsync(CancellationToken ct);

    /// <summary>The current record's position; null when it has none.</summary>
    long? Position { get; }

    /// <summary>The current record's stored hash; empty when it has none.</summary>
    ReadOnlySpan<byte> Hash { get; }

    /// <summary>Whether the current record, encoded at <paramref name="position"/> after <paramref name="previous"/>,
    /// hashes to its stored hash. Must agree with <see cref="ChainVerifier.Fits"/> on <see cref="ToRecord"/>.</summary>
    bool Fits(ReadOnlySpan<byte> previous, long position);

    ChainRecord ToRecord();
}

/// <summary>
/// Walks a chain in constant memory and names the first break. Finding that something broke is one hash per
/// event; telling what broke (see <see cref="ChainDiagnosis"/>) reads on from the break, once.
/// </summary>
public static class ChainVerifier
{
    /// <param name="head">The head the holder claims (the database's head row, a bundle's manifest), or null.</param>
    /// <param name="ordered">The source is sorted by position (the database), so a gap cannot be a record further on.</param>
    public static async Task<ChainVerification> VerifyAsync(
        string tenant, ChainHead? head, ChainSource source, bool ordered, byte[]? pinned = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        var records = source(0, ct).GetAsyncEnumerator(ct);
        try
        {
            return await VerifyAsync(tenant, head, new RecordCursor(tenant, records), source, ordered, pinned, ct);
        }
        finally
        {
            await records.DisposeAsync();
        }
    }

    /// <summary>The walk over <paramref name="cursor"/> (which the caller disposes); <paramref name="source"/> gives the same
    /// records again, from a break on, to tell what broke.</summary>
    public static async Task<ChainVerification> VerifyAsync(
        string tenant, ChainHead? head, IChainCursor cursor, ChainSource source, bool ordered, byte[]? pinned = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(cursor);
        ArgumentNullException.ThrowIfNull(source);
        var walk = new ChainWalk(tenant, head, source, ordered);
        long? pinnedAt = pinned is not null && pinned.AsSpan().SequenceEqual(ChainEncoding.Genesis) ? 0 : null;
        ChainBreak? broken = null;
        while (await cursor.ReadAsync(ct))
        {
            if (!walk.TryAdvance(cursor))
            {
                // Whatever does not fit at once gets the full check on its record, which names the break.
                var record = cursor.ToRecord();
                if ((broken = await walk.CheckAsync(record, ct)) is not null)
                    break;
            }
            if (pinned is not null && pinnedAt is null && cursor.Hash.SequenceEqual(pinned))
                pinnedAt = cursor.Position;
        }
        broken ??= walk.CheckEnd();
        // A break at the last position that held (an intruder found by its successor, a head that differs) un-verifies it.
        var verified = broken is not null && broken.Position == walk.Position && walk.BeforePrevious is { } before
            ? new ChainHead(walk.Position - 1, ChainEncoding.Hex(before))
            : new ChainHead(walk.Position, ChainEncoding.Hex(walk.Previous));
        if (pinnedAt > verified.Position)
            pinnedAt = null;
        return new ChainVerification(verified.Position, verified, broken,
            pinned is null ? null : new PinnedHead(ChainEncoding.Hex(pinned), pinnedAt, pinnedAt is not null));
    }

    /// <summary>Recomputes a record's hash at a position after a previous hash; false when it differs or cannot be encoded.</summary>
    public static bool Fits(string tenant, ReadOnlySpan<byte> previous, long position, ChainRecord record)
    {
        if (record.Hash is not { Length: ChainEncoding.HashLength } hash || previous.Length != ChainEncoding.HashLength)
            return false;
        try
        {
            return ChainEncoding.Hash(previous, tenant, position, record).AsSpan().SequenceEqual(hash);
        }
        catch (FormatException)
        {
            return false;
        }
    }
}

/// <summary>The walk's state: the position expected next and the last two hashes that held.</summary>
internal sealed class ChainWalk(string tenant, ChainHead? head, ChainSource source, bool ordered)
{
    private long _ordinal = -1;

    public byte[] Previous { get; private set; } = ChainEncoding.Genesis.ToArray();
    public byte[]? BeforePrevious { get; private set; }
    public long Position { get; private set; }

    /// <summary>The common case without a record: the cursor's record is the next position, within the head, and fits.
    /// False leaves the walk as it was, for <see cref="CheckAsync"/>.</summary>
    public bool TryAdvance(IChainCursor cursor)
    {
        var expected = Position + 1;
        if (cursor.Position != expected || cursor.Hash.Length != ChainEncoding.HashLength
            || (head is not null && expected > head.Position) || !cursor.Fits(Previous, expected))
            return false;
        _ordinal++;
        // The two hashes kept take turns in two arrays, so that a walk allocates none per record.
        var next = BeforePrevious ?? new byte[ChainEncoding.HashLength];
        cursor.Hash.CopyTo(next);
        (BeforePrevious, Previous, Position) = (Previous, next, expected);
        return true;
    }

    public async ValueTask<ChainBreak?> CheckAsync(ChainRecord r, CancellationToken ct)
    {
        _ordinal++;
        var expected = Position + 1;
        var diagnosis = new ChainDiagnosis(tenant, head, source, ordered, Previous.ToArray(), BeforePrevious?.ToArray(), expected, _ordinal);
        if (r.Position is not { } p || r.Hash is null)
            return diagnosis.Break(expected, ChainBreakKind.Inserted, $"the event with sequence {r.Sequence} has no chain position or hash", r);
        if (p < expected)
            return await diagnosis.DuplicateAsync(r, ct);
        if (p > expected)
            return await diagnosis.GapAsync(r, ct);
        if (head is not null && p > head.Position)
            return diagnosis.Break(p, ChainBreakKind.Inserted, $"position {p} is past the head ({head.Position})", r);
        if (!ChainVerifier.Fits(tenant, Previous, p, r))
            return await diagnosis.ContentAsync(r, ct);
        (BeforePrevious, Previous, Position) = (Previous, r.Hash.ToArray(), p);
        return null;
    }

    /// <summary>After the last record: the claimed head must be the last hash that held.</summary>
    public ChainBreak? CheckEnd()
    {
        if (head is null)
            return null;
        var ordinal = _ordinal + 1;
        if (Position < head.Position)
            return new(Position + 1, ChainBreakKind.Missing,
                $"the history ends at position {Position} but its head is at {head.Position}", ordinal, null);
        if (!string.Equals(head.Hash, ChainEncoding.Hex(Previous), StringComparison.OrdinalIgnoreCase))
            return new(Position, ChainBreakKind.Altered,
                $"the last event's hash {ChainEncoding.Hex(Previous)} is not the head's {head.Hash}", ordinal - 1, null);
        return null;
    }
}

/// <summary>Records as they come (a bundle's lines): each is already a record, so it is checked as one.</summary>
internal sealed class RecordCursor(string tenant, IAsyncEnumerator<ChainRecord> records) : IChainCursor
{
    public async ValueTask<bool> ReadAsync(CancellationToken ct) => await records.MoveNextAsync();

    public long? Position => records.Current.Position;

    public ReadOnlySpan<byte> Hash => records.Current.Hash;

    public bool Fits(ReadOnlySpan<byte> previous, long position) => ChainVerifier.Fits(tenant, previous, position, records.Current);

    public ChainRecord ToRecord() => records.Current;
}
