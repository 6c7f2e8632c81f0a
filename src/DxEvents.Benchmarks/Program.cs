using DxEvents.Benchmarks;

return args.FirstOrDefault() switch
{
    "store" => await StoreBenchmark.RunAsync(args[1..]),
    "rebuild" => await RebuildBenchmark.RunAsync(args[1..]),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("""
        usage: ops/bench store [--writers 8] [--seconds 6] [--rounds 3] [--variants sticky,prepare,sticky+prepare,no-plan-view]
               ops/bench rebuild [--events 200000] [--municipalities 80] [--kpis 25] [--rounds 3]
        """);
    return 2;
}
