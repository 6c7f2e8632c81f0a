using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using DxEvents.Benchmarks.Http;

namespace DxEvents.Benchmarks.Drills;

/// <summary>One command and what became of it.</summary>
internal sealed class SentCommand(ApiCommand command)
{
    public ApiCommand Command { get; } = command;
    public int Attempts { get; set; }
    public int LastStatus { get; set; }
    public bool Acknowledged { get; set; }
    public bool Replayed { get; set; }

    /// <summary>Stopwatch ticks of the acknowledgement.</summary>
    public long AcknowledgedAt { get; set; }

    public bool Refused => LastStatus is >= 400 and < 500;

    /// <summary>The refusal's problem details, when the last answer was a 4xx.</summary>
    public string? Problem { get; set; }
}

/// <summary>
/// Recorders who never drop a figure: each command is sent, and resent with the same Idempotency-Key when no answer or a
/// 5xx came back (after Retry-After when the service sent one, else a back-off from 100 ms to 1 s), until it is
/// acknowledged (2xx), refused (4xx, final) or its deadline passes. Every command is kept for the checks. With several
/// nodes, client c sends to node c mod n and, when a node gives no answer at all, resends to the next.
/// </summary>
internal sealed class Recorders(ServiceUnderTest run, FigureWorkload workload, IReadOnlyList<ApiClient>? nodes = null)
{
    private readonly IReadOnlyList<ApiClient> _nodes = nodes ?? [run.Api];

    private readonly ConcurrentQueue<SentCommand> _sent = new();

    public IReadOnlyCollection<SentCommand> Sent => _sent;

    /// <summary>The Idempotency-Keys' prefix, by which the checks find this run's events.</summary>
    public string Run => workload.Run;

    /// <summary>
    /// The recorders send new commands within <paramref name="bounds"/> (or until <paramref name="stop"/>); each command
    /// is resent for at most <paramref name="resendFor"/> after it was first sent.
    /// </summary>
    public Task<LoadStats> RunAsync(LoadBounds bounds, TimeSpan resendFor, CancellationToken stop = default)
    {
        var clock = Stopwatch.StartNew();
        return Load.RunAsync(bounds.Clients, bounds.Duration, bounds.PerClient, (client, stats) =>
        {
            var deadline = clock.Elapsed + resendFor;
            return SendAsync(workload.Next(client), client % _nodes.Count, stats, () => clock.Elapsed < deadline);
        }, stop);
    }

    private async Task SendAsync(ApiCommand command, int node, LoadStats stats, Func<bool> mayResend)
    {
        var sent = new SentCommand(command);
        _sent.Enqueue(sent);
        var backoff = TimeSpan.FromMilliseconds(100);
        while (true)
        {
            var answer = await _nodes[node].PostAsync(run.RecorderKey(command), command);
            stats.Record(answer);
            sent.Attempts++;
            (sent.LastStatus, sent.Problem) = (answer.Status, answer.Problem);
            if (answer.Acknowledged)
            {
                (sent.Acknowledged, sent.Replayed, sent.AcknowledgedAt) = (true, answer.Replayed, Stopwatch.GetTimestamp());
                return;
            }
            if (sent.Refused || !mayResend())
                return;
            if (answer.Status == 0)
                node = (node + 1) % _nodes.Count;
            await Task.Delay(RetryAfter(answer) ?? backoff);
            backoff = TimeSpan.FromMilliseconds(Math.Min(backoff.TotalMilliseconds * 2, 1000));
        }
    }

    private static TimeSpan? RetryAfter(Answer answer) =>
        int.TryParse(answer.RetryAfter, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) ? TimeSpan.FromSeconds(seconds) : null;

    /// <summary>Seconds from <paramref name="since"/> (Stopwatch ticks) to the first acknowledgement after it; NaN if none came.</summary>
    public double FirstAcknowledgedAfter(long since)
    {
        var first = _sent.Where(s => s.Acknowledged && s.AcknowledgedAt >= since).Select(s => s.AcknowledgedAt).DefaultIfEmpty(0).Min();
        return first == 0 ? double.NaN : Stopwatch.GetElapsedTime(since, first).TotalSeconds;
    }
}
