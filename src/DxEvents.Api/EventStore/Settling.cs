namespace DxEvents.Api.EventStore;

/// <summary>
/// Waits, with a short doubling back-off and a deadline, for something the daemon reaches a moment after the appends: the
/// high-water mark, the sealed chain. Marten offers such waits only in its testing extensions (all projections, no
/// deadline answer) or on an in-process daemon, and the request path must work on a node that does not run the daemon.
/// </summary>
public static class Settling
{
    /// <summary>True once <paramref name="settled"/> answers true; false when the deadline passes first.</summary>
    public static async Task<bool> UntilAsync(Func<CancellationToken, Task<bool>> settled, TimeSpan wait, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(settled);
        var deadline = DateTimeOffset.UtcNow + wait;
        var delay = TimeSpan.FromMilliseconds(5);
        while (!await settled(ct))
        {
            if (DateTimeOffset.UtcNow >= deadline)
                return false;
            await Task.Delay(delay, ct);
            delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 50));
        }
        return true;
    }
}
