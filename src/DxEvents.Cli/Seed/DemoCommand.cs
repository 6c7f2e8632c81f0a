using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using DxEvents.Domain;
using DxEvents.Domain.Fiscal;
using DxEvents.Domain.Plans.Import;
using Marten;

namespace DxEvents.Cli.Seed;

/// <summary>
/// dxevents demo: the three sample plans as published, each with a made-up history decided by the domain's own deciders
/// (measures started, quarterly figures with corrections, budget revisions), so that a newcomer's first look at the pages
/// shows something alive. Every actor is marked 【デモ】. A municipality whose plan is there already is left alone.
/// </summary>
internal static class DemoCommand
{
    public static Command Create()
    {
        var command = new Command("demo",
            $"Import the sample plans with a demonstration history (actors marked {SyntheticHistory.DemoMarker}); plans already present are skipped. Never in production.");
        command.SetAction(async (_, ct) =>
        {
            foreach (var line in await RunAsync(Database.ConnectionString, JapanDate.Of(TimeProvider.System.GetUtcNow()), ct))
                Console.WriteLine(line);
            return 0;
        });
        return command;
    }

    /// <summary>One line per sample plan: what was appended, or that it was there already.</summary>
    public static async Task<IReadOnlyList<string>> RunAsync(string connectionString, DateOnly today, CancellationToken ct)
    {
        await Database.ApplySchemaAsync(connectionString, ct);
        await using var store = Database.Open(connectionString);
        var lines = new List<string>();
        foreach (var (document, number) in RealPlans.Load().Plans.Select((p, i) => (p, i + 1)))
        {
            var plan = PlanDocumentReader.Read(JsonSerializer.SerializeToElement(document)) as PlanImportAccepted
                ?? throw new InvalidOperationException("A sample plan does not import.");
            var tenant = (string)document["tenant"]!;
            var municipality = new SyntheticMunicipality(number, tenant, (string)document["municipality"]!["name"]!,
                (string)document["municipality"]!["prefecture"]!, plan.PlanId);
            if (await ExistsAsync(store, tenant, plan.PlanId, ct))
            {
                lines.Add($"demo: {tenant}/{plan.PlanId} is there already, left alone");
                continue;
            }
            var seeded = SyntheticHistory.BuildDemo(municipality, plan, today, SyntheticNation.DefaultSeed, TourMeasures(plan.PlanId));
            await SeedLoader.AppendAsync(store, seeded, ct);
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"demo: {tenant}/{plan.PlanId} with {seeded.EventCount} events of demonstration history"));
        }
        return lines;
    }

    /// <summary>The README's API tour starts Mima's m04 and records k04's figures: the demo leaves them to it.</summary>
    public static IReadOnlySet<string> TourMeasures(string planId) => planId == "mima-dx" ? new HashSet<string> { "m04" } : new HashSet<string>();

    private static async Task<bool> ExistsAsync(IDocumentStore store, string tenant, string planId, CancellationToken ct)
    {
        await using var session = store.QuerySession(tenant);
        return await session.Events.FetchStreamStateAsync(StreamIds.Plan(planId), ct) is not null;
    }
}
