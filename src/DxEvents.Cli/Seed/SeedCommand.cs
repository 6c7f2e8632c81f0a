using System.CommandLine;
using System.Globalization;

namespace DxEvents.Cli.Seed;

/// <summary>dxevents seed: the synthetic national data set, appended to DXEVENTS_DB through the service's Marten configuration.</summary>
internal static class SeedCommand
{
    public static Command Create()
    {
        var municipalities = new Option<int>("--municipalities")
        {
            Description = "How many synthetic municipalities (syn-0001 …), at most 9999",
            DefaultValueFactory = _ => SyntheticNation.Municipalities,
        };
        var years = new Option<int>("--years")
        {
            Description = $"Fiscal years of quarterly figures, ending with FY{SyntheticPlans.LastFiscalYear}",
            DefaultValueFactory = _ => 5,
        };
        var parallel = new Option<int>("--parallel") { Description = "Municipalities appended at once", DefaultValueFactory = _ => 8 };
        var seed = new Option<int>("--seed") { Description = "The random seed: the same seed makes the same data set", DefaultValueFactory = _ => SyntheticNation.DefaultSeed };
        municipalities.Validators.Add(r => Range(r, r.GetValueOrDefault<int>(), 1, 9_999));
        years.Validators.Add(r => Range(r, r.GetValueOrDefault<int>(), 1, 10));
        parallel.Validators.Add(r => Range(r, r.GetValueOrDefault<int>(), 1, 64));
        var command = new Command("seed",
            $"Append a synthetic national data set: municipalities with plans shaped like the published ones and years of quarterly figures, "
            + $"corrections and budget revisions; every title starts with {SyntheticNation.Marker}. Municipalities already present are skipped.")
        {
            municipalities, years, parallel, seed,
        };
        command.SetAction(async (result, ct) =>
        {
            var outcome = await RunAsync(Database.ConnectionString, result.GetValue(municipalities), result.GetValue(years), result.GetValue(parallel),
                result.GetValue(seed), Console.Error, ct);
            Console.WriteLine(Summary(outcome));
            Console.WriteLine("The service's async daemon (./ops/run) projects the KPI figures and seals the chains; `dxevents projections status` shows how far.");
            return 0;
        });
        return command;
    }

    /// <summary>What the command does with DXEVENTS_DB: the schema applied, then the municipalities appended, progress on <paramref name="log"/>.</summary>
    public static async Task<SeedResult> RunAsync(string connectionString, int municipalities, int years, int parallel, int seed, TextWriter log, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(log);
        await using var store = Database.Open(connectionString);
        await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        var step = Math.Max(1, municipalities / 20);
        return await SeedLoader.LoadAsync(store, SyntheticNation.Take(municipalities, seed), years, parallel, seed,
            (done, events) =>
            {
                if (done % step == 0 || done == municipalities)
                    log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"seed: {done}/{municipalities} municipalities, {events} events"));
            }, ct);
    }

    public static string Summary(SeedResult r) => string.Create(CultureInfo.InvariantCulture,
        $"Seeded {r.Municipalities} synthetic municipalities ({r.Skipped} already present, skipped): {r.Events} events in {r.Elapsed.TotalSeconds:F1} s, {r.EventsPerSecond:F0} events/s.");

    private static void Range(System.CommandLine.Parsing.OptionResult result, int value, int min, int max)
    {
        if (value < min || value > max)
            result.AddError($"{result.Option.Name} must be between {min} and {max}.");
    }
}
