using DxEvents.Benchmarks;

return args.FirstOrDefault() switch
{
    "store" => await StoreBenchmark.RunAsync(args[1..]),
    "status" => await StatusBenchmark.RunAsync(args[1..]),
    "verify" => await VerifyBenchmark.RunAsync(args[1..]),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: ops/bench store [--writers 8] [--tenants 1] [--seconds 8] [--rounds 3]\n       ops/bench status [--iterations 300]\n       ops/bench verify [--events 50000] [--rounds 3]");
    return 2;
}
