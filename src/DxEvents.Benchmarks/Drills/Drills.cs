namespace DxEvents.Benchmarks.Drills;

/// <summary>ops/drill NAME: one drill against the real service as a process, on ops/drill's own cluster.</summary>
internal static class Drills
{
    public static async Task<int> RunAsync(string[] args) => args.FirstOrDefault() switch
    {
        "crash" => await CrashDrill.RunAsync(args[1..]),
        "rush" => await RushDrill.RunAsync(args[1..]),
        "db-restart" => await DbRestartDrill.RunAsync(args[1..]),
        "overload" => await OverloadDrill.RunAsync(args[1..]),
        "two-nodes" => await TwoNodesDrill.RunAsync(args[1..]),
        "two-databases" => await TwoDatabasesDrill.RunAsync(args[1..]),
        _ => Usage(),
    };

    private static int Usage()
    {
        Console.Error.WriteLine("""
            usage: ops/drill crash [--clients 16] [--seconds 12] [--kill-at 4] [--requests 1000] [--settle 90]
                   ops/drill rush [--municipalities 24] [--clients 32] [--seconds 20] [--requests 1000] [--settle 90]
                   ops/drill db-restart [--clients 16] [--down 3] [--between 4] [--requests 2000] [--settle 90]
                   ops/drill overload [--clients 256] [--pool 8] [--pool-timeout 1] [--seconds 10] [--requests 100] [--max-memory-mb 1024] [--settle 90]
                   ops/drill two-nodes [--clients 16] [--seconds 20] [--kill-at 5] [--takeover-limit 60] [--requests 1000] [--settle 90]
                   ops/drill two-databases [--clients 8] [--seconds 10] [--requests 500] [--settle 90]
            """);
        return 2;
    }
}
