namespace DxEvents.Integrity;

/// <summary>
/// Tells what broke once the walk found that something did. Each test asks whether a hash still fits under
/// another hypothesis, so it can only confirm, never invent: the hash of a record pins its own position, the
/// hash before it, and its content.
/// <list type="bullet">
/// <item>inserted — the record fits one position back, after the hash before last: the record before it was slipped in
/// (later ones renumbered), however plausible its own hash.</item>
/// <item>missing — the next record links to this one at one position further: a record before this one is gone
/// and the later ones were renumbered. (A plain gap in the positions is found by the walk itself.)</item>
/// <item>reordered — a later record fits at this position, or this record fits with a later record's payload
/// (data, data and metadata, or type, data and metadata): two events changed places.</item>
/// <item>altered — the next record still links to this record's hash (or this is the head): its content changed.
/// Also the verdict when nothing else fits.</item>
/// </list>
/// </summary>
internal sealed class ChainDiagnosis(
    string tenant, ChainHead? head, ChainSource source, bool ordered, byte[] previous, byte[]? beforePrevious, long expected, long ordinal)
{
    public ChainBreak Break(long position, ChainBreakKind kind, string detail, ChainRecord? record, long? at = null) =>
        new(position, kind, detail, at ?? ordinal, record?.Sequence);

    /// <summary>The record claims a position beyond the one expected.</summary>
    public async ValueTask<ChainBreak> GapAsync(ChainRecord r, CancellationToken ct)
    {
        if (!ordered)
        {
            var at = ordinal;
            await foreach (var later in source(ordinal + 1, ct).WithCancellation(ct))
            {
                at++;
                if (later.Position == expected)
                    return Break(expected, ChainBreakKind.Reordered,
                        $"the event for position {expected} comes after position {r.Position}, {at - ordinal} record(s) further on", r);
            }
        }
        return Break(expected, ChainBreakKind.Missing,
            expected == r.Position - 1 ? $"position {expected} is missing" : $"positions {expected}–{r.Position - 1} are missing", r);
    }

    /// <summary>A second record claims a position already taken. When it claims the last one and both fit there, the one
    /// the next record links to is genuine and the other slipped in.</summary>
    public async ValueTask<ChainBreak> DuplicateAsync(ChainRecord r, CancellationToken ct)
    {
        var p = r.Position!.Value;
        var detail = $"two events claim position {p}";
        if (p == expected - 1 && beforePrevious is not null && ChainVerifier.Fits(tenant, beforePrevious, p, r)
            && await FirstAsync(source(ordinal + 1, ct), ct) is { } next && ChainVerifier.Fits(tenant, r.Hash!, p + 1, next))
            return Break(p, ChainBreakKind.Inserted, detail + $"; the next event links to the second (sequence {r.Sequence}), so the first slipped in", null, ordinal - 1);
        return Break(p, ChainBreakKind.Inserted, detail + $"; the second (sequence {r.Sequence}) is not part of the chain", r);
    }

    /// <summary>The record sits at the expected position but its hash does not fit there.</summary>
    public async ValueTask<ChainBreak> ContentAsync(ChainRecord r, CancellationToken ct)
    {
        var p = expected;
        if (beforePrevious is not null && ChainVerifier.Fits(tenant, beforePrevious, p - 1, r))
            return Break(p - 1, ChainBreakKind.Inserted,
                $"the event at position {p - 1} is not part of the chain: the event after it was hashed at {p - 1}, after position {p - 2}",
                null, ordinal - 1);

        var next = await FirstAsync(source(ordinal + 1, ct), ct);
        if (next is not null && ChainVerifier.Fits(tenant, r.Hash!, p + 2, next))
            return Break(p, ChainBreakKind.Missing,
                $"an event before sequence {r.Sequence} is gone and the later events were moved up one position", r);

        if (await FindMovedAsync(r, ct) is { } moved)
            return moved;

        if (next is not null ? ChainVerifier.Fits(tenant, r.Hash!, p + 1, next) : head is not null && Same(head.Hash, r.Hash!))
            return Break(p, ChainBreakKind.Altered, $"the content at position {p} (sequence {r.Sequence}) no longer matches its hash", r);
        return Break(p, ChainBreakKind.Altered,
            $"neither the content nor the hash at position {p} (sequence {r.Sequence}) fits the chain", r);
    }

    private async ValueTask<ChainBreak?> FindMovedAsync(ChainRecord r, CancellationToken ct)
    {
        var p = expected;
        var at = ordinal;
        await foreach (var c in source(ordinal + 1, ct).WithCancellation(ct))
        {
            at++;
            if (ChainVerifier.Fits(tenant, previous, p, c))
                return Break(p, ChainBreakKind.Reordered,
                    $"the event that belongs at position {p} (sequence {c.Sequence}) sits at position {c.Position}", r);
            foreach (var (what, swapped) in Payloads(r, c))
            {
                if (ChainVerifier.Fits(tenant, previous, p, swapped))
                    return Break(p, ChainBreakKind.Reordered,
                        $"the {what} at position {p} belongs to position {c.Position} (sequence {c.Sequence}) and the other way round", r);
            }
        }
        return null;
    }

    private static IEnumerable<(string What, ChainRecord Swapped)> Payloads(ChainRecord r, ChainRecord c)
    {
        yield return ("data", r with { Data = c.Data });
        yield return ("data and metadata", r with { Data = c.Data, Metadata = c.Metadata });
        yield return ("type, data and metadata", r with { EventType = c.EventType, Data = c.Data, Metadata = c.Metadata });
    }

    private static async ValueTask<ChainRecord?> FirstAsync(IAsyncEnumerable<ChainRecord> records, CancellationToken ct)
    {
        await foreach (var record in records.WithCancellation(ct))
            return record;
        return null;
    }

    private static bool Same(string hex, byte[] hash) => string.Equals(hex, ChainEncoding.Hex(hash), StringComparison.OrdinalIgnoreCase);
}
