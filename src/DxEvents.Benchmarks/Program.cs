using DxEvents.Benchmarks;

return args.FirstOrDefault() switch
{
    "store" => await StoreBenchmark.RunAsync(args[1..]),
    "rebuild" => await RebuildBenchmark.RunAsync(args[1..]),
    "verify" => await VerifyBenchmark.RunAsync(args[1..]),
    "status" => await StatusBenchmark.RunAsync(args[1..]),
    "national" => await NationalBenchmark.RunAsync(args[1..]),
    "page" => await DxEvents.Benchmarks.Http.PageBenchmark.RunAsync(args[1..]),
    "http" => await DxEvents.Benchmarks.Http.HttpBenchmark.RunAsync(args[1..]),
    "drill" => await DxEvents.Benchmarks.Drills.Drills.RunAsync(args[1..]),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("""
        usage: ops/bench store [--writers 8] [--seconds 6] [--rounds 3] [--variants sticky,prepare,sticky+prepare,no-plan-view] [--daemon-poll-ms 250,1000] [--no-profile]
               ops/bench rebuild [--events 200000] [--municipalities 80] [--kpis 25] [--rounds 3] [--variants batch-2000,batch-5000,flush-50000,cache-10000,async-commit]
               ops/bench verify [--events 50000] [--rounds 3]
               ops/bench status [--iterations 300]
               ops/bench national [--municipalities 1741] [--years 5] [--parallel 8] [--load sessions|bulk|both] [--iterations 300] [--rounds 3] [--projections kpi_figures,dx_chain,…] [--reuse dxbench_…]
               ops/bench page [--iterations 300] [--rounds 3]
               ops/bench http [--clients 16] [--seconds 5] [--rounds 3] [--requests 2000] [--municipalities 4] [--plans 2]
        """);
    return 2;
}
