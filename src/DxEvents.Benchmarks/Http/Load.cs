using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;

namespace DxEvents.Benchmarks.Http;

/// <summary>Every answer of a run: latencies, status counts, Retry-After on the 503s, replays.</summary>
internal sealed class LoadStats
{
    private readonly ConcurrentQueue<double> _milliseconds = new();
    private readonly ConcurrentDictionary<int, long> _statuses = new();
    private long _replayed;
    private long _unavailableWithoutRetryAfter;

    /// <summary>Commands done (acknowledged, or given up on); with several attempts each, fewer than the answers.</summary>
    public long Completed;

    public TimeSpan Elapsed { get; set; }

    public double Rate => Completed / Elapsed.TotalSeconds;

    public long Replayed => _replayed;

    public long UnavailableWithoutRetryAfter => _unavailableWithoutRetryAfter;

    public IReadOnlyDictionary<int, long> Statuses => _statuses;

    public long Count(Func<int, bool> status) => _statuses.Where(s => status(s.Key)).Sum(s => s.Value);

    /// <summary>Answers that were neither 2xx nor 4xx (5xx, or no answer at all).</summary>
    public long Errors => Count(s => s is < 200 or >= 500);

    public long NotSuccess => Count(s => s is < 200 or >= 300);

    public void Record(Answer answer)
    {
        _milliseconds.Enqueue(answer.Milliseconds);
        _statuses.AddOrUpdate(answer.Status, 1, (_, n) => n + 1);
        if (answer.Replayed)
            Interlocked.Increment(ref _replayed);
        if (answer.Status == 503 && answer.RetryAfter is null)
            Interlocked.Increment(ref _unavailableWithoutRetryAfter);
    }

    public void Add(LoadStats other)
    {
        foreach (var ms in other._milliseconds)
            _milliseconds.Enqueue(ms);
        foreach (var (status, n) in other._statuses)
            _statuses.AddOrUpdate(status, n, (_, m) => m + n);
        _replayed += other._replayed;
        _unavailableWithoutRetryAfter += other._unavailableWithoutRetryAfter;
        Completed += other.Completed;
        Elapsed += other.Elapsed;
    }

    public (double P50, double P99, double Max) Latency()
    {
        var sorted = _milliseconds.Order().ToList();
        return (Stats.Percentile(sorted, 0.50), Stats.Percentile(sorted, 0.99), sorted.Count == 0 ? double.NaN : sorted[^1]);
    }

    /// <summary>"200 ×1234, 503 ×5, no answer ×2"</summary>
    public string StatusSummary() => string.Join(", ", _statuses.OrderBy(s => s.Key)
        .Select(s => (s.Key == 0 ? "no answer" : s.Key.ToString(CultureInfo.InvariantCulture)) + " ×" + s.Value.ToString(CultureInfo.InvariantCulture)));
}

/// <summary>Concurrent clients, each running its steps one after another, bounded in count (per client) and in time.</summary>
internal static class Load
{
    /// <summary>
    /// Runs <paramref name="clients"/> loops of <paramref name="step"/> until <paramref name="duration"/> has passed, each
    /// client has done <paramref name="perClient"/> steps, or <paramref name="stop"/> is cancelled; a step under way then
    /// finishes (its own bounds apply).
    /// </summary>
    public static async Task<LoadStats> RunAsync(int clients, TimeSpan duration, long perClient, Func<int, LoadStats, Task> step, CancellationToken stop = default)
    {
        var stats = new LoadStats();
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(client => Task.Run(async () =>
        {
            for (long n = 0; n < perClient && clock.Elapsed < duration && !stop.IsCancellationRequested; n++)
            {
                await step(client, stats);
                Interlocked.Increment(ref stats.Completed);
            }
        })));
        stats.Elapsed = clock.Elapsed;
        return stats;
    }

    /// <summary>A step that is one call timed: the floors, which answer nothing but success or an exception.</summary>
    public static Func<int, LoadStats, Task> Timed(Func<int, long, Task> operation)
    {
        var counters = new ConcurrentDictionary<int, long>();
        return async (client, stats) =>
        {
            var n = counters.AddOrUpdate(client, 0, (_, v) => v + 1);
            var clock = Stopwatch.StartNew();
            await operation(client, n);
            stats.Record(new Answer(200, clock.Elapsed.TotalMilliseconds));
        };
    }
}
