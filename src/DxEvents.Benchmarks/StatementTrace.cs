using System.Collections.Concurrent;
using System.Diagnostics;

namespace DxEvents.Benchmarks;

/// <summary>Counts the commands Npgsql sends (a batch is one), by their first words.</summary>
internal sealed class StatementTrace : IDisposable
{
    private readonly ActivityListener _listener;
    private long _count;

    /// <summary>Characters of each statement shown: DXEVENTS_BENCH_SQL_WIDTH, else 110.</summary>
    private static readonly int Width = int.TryParse(Environment.GetEnvironmentVariable("DXEVENTS_BENCH_SQL_WIDTH"), out var w) ? w : 110;

    /// <summary>By statement: how many times, and the milliseconds they took in all.</summary>
    public ConcurrentDictionary<string, (int Count, double Ms)> Statements { get; } = new();
    public long Count => Interlocked.Read(ref _count);

    public StatementTrace()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "Npgsql",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                Interlocked.Increment(ref _count);
                var text = (activity.GetTagItem("db.query.text") ?? activity.GetTagItem("db.statement"))?.ToString() ?? activity.DisplayName;
                var words = string.Join(' ', text.Split((char[])[' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries));
                var ms = activity.Duration.TotalMilliseconds;
                Statements.AddOrUpdate(words.Length > Width ? words[..Width] + "…" : words, (1, ms), (_, c) => (c.Count + 1, c.Ms + ms));
            },
        };
        ActivitySource.AddActivityListener(_listener);
    }

    /// <summary>The statements that took longest in all: how many per <paramref name="unit"/>, and their mean time.</summary>
    public void Print(double units, string unit, int top = 12)
    {
        foreach (var (statement, (count, ms)) in Statements.OrderByDescending(s => s.Value.Ms).Take(top))
            Console.WriteLine($"      {count / units,7:F3}× per {unit}  {ms / count,7:F2} ms each  {ms / 1000,6:F1} s in all  {statement}");
    }

    public void Dispose() => _listener.Dispose();
}
