using DxEvents.Domain.Measures;

namespace DxEvents.Domain.Tests.Reports;

/// <summary>A history written the way the store would keep it, but with the recorded-at instants a test chooses.</summary>
internal sealed class Timeline
{
    private readonly List<EventEnvelope> _envelopes = [];

    public IReadOnlyList<EventEnvelope> Envelopes => _envelopes;

    public static DateTimeOffset Jst(int year, int month, int day, int hour = 10) => new(year, month, day, hour, 0, 0, TimeSpan.FromHours(9));

    public long Add(DateTimeOffset at, IDomainEvent e, string actor = "office", string? reason = null)
    {
        var sequence = _envelopes.Count + 1;
        var stream = StreamIds.For(e).StreamId;
        var version = _envelopes.Count(x => x.StreamId == stream) + 1;
        _envelopes.Add(new EventEnvelope(sequence, stream, version, e, new EventMetadata(actor, reason, $"corr-{sequence}", null, null), at));
        return sequence;
    }

    public void AddAll(DateTimeOffset at, params IDomainEvent[] events)
    {
        foreach (var e in events)
            Add(at, e);
    }

    public static BudgetFigures Yen(long total) => new(total, total, []);
}
