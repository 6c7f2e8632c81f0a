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
        var bulk = new Option<bool>("--bulk")
        {
            Description = "Marten's bulk import (COPY) and a rebuild of the plan view instead of the service's appends: faster, needs "
                + "DXEVENTS_DB_ADMIN (a superuser), and only on a database without real municipalities, whose plan views it rebuilds too",
        };
        var seed = new Option<int>("--seed") { Description = "The random seed: the same seed makes the same data set", DefaultValueFactory = _ => SyntheticNation.DefaultSeed };
        municipalities.Validators.Add(r => Range(r, r.GetValueOrDefault<int>(), 1, 9_999));
        years.Validators.Add(r => Range(r, r.GetValueOrDefault<int>(), 1, 10));
        parallel.Validators.Add(r => Range(r, r.GetValueOrDefault<int>(), 1, 64));
        var command = new Command("seed",
            $"Append a synthetic national data set: municipalities with plans shaped like the published ones and years of quarterly figures, "
            + $"corrections and budget revisions; every title starts with {SyntheticNation.Marker}. Municipalities already present are skipped.")
        {
            municipalities, years, parallel, bulk, seed,
        };
        command.SetAction(async (result, ct) =>
        {
            SeedResult outcome;
            try
            {
                outcome = await RunAsync(Database.ConnectionString, result.GetValue(municipalities), result.GetValue(years), result.GetValue(parallel),
                    result.GetValue(seed), Console.Error, ct, result.GetValue(bulk));
            }
            catch (RealMunicipalitiesException e)
            {
                await Console.Error.WriteLineAsync(e.Message);
                return 1;
            }
            Console.WriteLine(Summary(outcome));
            Console.WriteLine("The service's async daemon (./ops/run) projects the KPI figures and seals the chains; `dxevents projections status` shows how far.");
            return 0;
        });
        return command;
    }

    /// <summary>What the command does with DXEVENTS_DB: the schema applied, then the municipalities appended, progress on <paramref name="log"/>.</summary>
    public static async Task<SeedResult> RunAsync(string connectionString, int municipalities, int years, int parallel, int seed, TextWriter log,
        CancellationToken ct, bool bulk = false)
    {
        ArgumentNullException.ThrowIfNull(log);
        await Database.ApplySchemaAsync(connectionString, ct);
        await using var store = Database.Open(connectionString);
        var step = Math.Max(1, municipalities / 20);
        var nation = SyntheticNation.Take(municipalities, seed);
        void Progress(int done, long events)
        {
            if (done % step == 0 || done == municipalities)
                log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"seed: {done}/{municipalities} municipalities, {events} events"));
        }
        if (!bulk)
            return await SeedLoader.LoadAsync(store, nation, years, parallel, seed, Progress, ct);
        await using var admin = Database.OpenAdmin(connectionString);
        // Marten rebuilds a projection for every municipality at once: the plan views of real ones would vanish meanwhile.
        if (await SeedBulkLoader.OtherMunicipalitiesAsync(admin, ct) is { Count: > 0 } others)
            throw new RealMunicipalitiesException(others);
        await using var daemon = Database.OpenDaemon(connectionString);
        return (await SeedBulkLoader.LoadAsync(admin, daemon, nation, years, parallel, seed, Progress, ct)).Result;
    }

    public static string Summary(SeedResult r) => string.Create(CultureInfo.InvariantCulture,
        $"Seeded {r.Municipalities} synthetic municipalities ({r.Skipped} already present, skipped): {r.Events} events in {r.Elapsed.TotalSeconds:F1} s, {r.EventsPerSecond:F0} events/s.");

    private static void Range(System.CommandLine.Parsing.OptionResult result, int value, int min, int max)
    {
        if (value < min || value > max)
            result.AddError($"{result.Option.Name} must be between {min} and {max}.");
    }
}

/// <summary>--bulk on a database that holds municipalities other than synthetic ones.</summary>
internal sealed class RealMunicipalitiesException(IReadOnlyList<string> tenants)
    : Exception($"seed --bulk rebuilds the plan view of every municipality, and this database holds others than synthetic ones "
        + $"({string.Join(", ", tenants.Take(5))}{(tenants.Count > 5 ? ", …" : "")}): seed without --bulk, or into a database of its own.");
