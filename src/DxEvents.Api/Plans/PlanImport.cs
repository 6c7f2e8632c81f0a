using DxEvents.Api.Infrastructure;
using DxEvents.Domain;
using DxEvents.Domain.Plans.Import;
using DxEvents.EventStore;

namespace DxEvents.Api.Plans;

/// <summary>The opening appends of an accepted plan document, shared by the HTTP import and the sample loader.</summary>
public static class PlanImport
{
    /// <summary>Every stream opened with NoStream, so a plan that exists already is refused, never merged.
    /// The warnings ride on the plan's first event, where an auditor finds them beside the figures they concern.</summary>
    public static List<StreamAppend> Appends(PlanImportAccepted accepted, EventMetadata metadata)
    {
        var rest = metadata with { Warnings = null };
        return accepted.Streams.Select((s, i) => new StreamAppend(s.StreamId, s.StreamType, ExpectedVersion.NoStream,
            s.Events.Select((e, j) => EventCodec.Encode(e, i == 0 && j == 0 ? metadata : rest)).ToList())).ToList();
    }

    public static IReadOnlyList<FieldProblem> Warnings(PlanImportAccepted accepted) =>
        accepted.Warnings.Select(w => new FieldProblem(w.Pointer, w.Message)).ToList();
}

/// <summary>Loads plan documents from a folder at start-up (./ops/run's sample data); plans already present are left alone.</summary>
public sealed class SamplePlans(EventStore.EventStore store, ILogger<SamplePlans> logger)
{
    public async Task ImportFolderAsync(string folder, CancellationToken ct)
    {
        foreach (var file in Directory.GetFiles(folder, "*.plan.json").Order(StringComparer.Ordinal))
        {
            using var document = System.Text.Json.JsonDocument.Parse(await File.ReadAllBytesAsync(file, ct));
            if (PlanDocumentReader.Read(document.RootElement) is not PlanImportAccepted accepted)
            {
                logger.LogError("Sample plan {File} has errors; skipped", file);
                continue;
            }
            var warnings = PlanImport.Warnings(accepted);
            var metadata = new EventMetadata("ops/run sample import", "plan import", Guid.NewGuid().ToString("N"), Path.GetFileName(file),
                warnings.Count > 0 ? warnings.Select(w => $"{w.Pointer}: {w.Detail}").ToList() : null);
            try
            {
                var result = await store.AppendAsync(accepted.Tenant, PlanImport.Appends(accepted, metadata), ct: ct);
                logger.LogInformation("Imported {Plan} for {Tenant}: {Events} events, {Warnings} warnings", accepted.PlanId, accepted.Tenant, result.Events.Count, warnings.Count);
            }
            catch (ConcurrencyException)
            {
                logger.LogInformation("{Plan} for {Tenant} is already present", accepted.PlanId, accepted.Tenant);
            }
        }
    }
}
