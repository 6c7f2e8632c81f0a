namespace DxEvents.Benchmarks.Http;

/// <summary>
/// The bounds of a load run, from its command line: how many clients, for how long, at most how many commands each, and
/// how long to wait afterwards for the daemon to pass everything that was committed.
/// </summary>
internal sealed record LoadBounds(int Clients, TimeSpan Duration, int PerClient, TimeSpan Settle)
{
    public static LoadBounds Parse(string[] args, int clients, int seconds, int requests) => new(
        Stats.Option(args, "--clients", clients),
        TimeSpan.FromSeconds(Stats.Option(args, "--seconds", seconds)),
        Stats.Option(args, "--requests", requests),
        TimeSpan.FromSeconds(Stats.Option(args, "--settle", 90)));

    public override string ToString() => $"{Clients} clients for {Duration.TotalSeconds:F0} s (at most {PerClient} commands each)";
}
