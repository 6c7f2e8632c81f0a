namespace DxEvents.Benchmarks.Drills;

/// <summary>ops/drill NAME: one drill against the real service as a process, on ops/drill's own cluster.</summary>
internal static class Drills
{
    public static async Task<int> RunAsync(string[] args) => args.FirstOrDefault() switch
    {
        "crash" => await CrashDrill.RunAsync(args[1..]),
        _ => Usage(),
    };

    private static int Usage()
    {
        Console.Error.WriteLine("""
            usage: ops/drill crash [--clients 16] [--seconds 12] [--kill-at 4] [--requests 1000]
            """);
        return 2;
    }
}
