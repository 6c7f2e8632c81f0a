using DxEvents.Benchmarks;

return args.FirstOrDefault() switch
{
    "store" => await StoreBenchmark.RunAsync(args[1..]),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: ops/bench store [--writers 8] [--tenants 1] [--seconds 8] [--rounds 3]");
    return 2;
}
