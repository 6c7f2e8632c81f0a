using DxEvents.Api.EventStore;
using DxEvents.Api.Infrastructure;
using DxEvents.Domain;
using DxEvents.Domain.Plans.Import;
using Marten;
using Marten.Exceptions;

namespace DxEvents.Api.Plans;

/// <summary>The opening appends of an accepted plan document, shared by the HTTP import and the sample loader.</summary>
public static class PlanImport
{
    /// <summary>Every stream started afresh in the session, so a plan that exists already is refused, never merged.
    /// The warnings ride on the plan's first event, where an auditor finds them beside the figures they concern.</summary>
    public static void Start(IDocumentSession session, PlanImportAccepted accepted)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(accepted);
        var warnings = Warnings(accepted);
        for (var i = 0; i < accepted.Streams.Count; i++)
        {
            var stream = accepted.Streams[i];
            var action = session.Events.StartStream(stream.StreamId, stream.Events.Cast<object>().ToArray());
            if (i == 0 && warnings.Count > 0)
                action.Events[0].SetHeader(Envelopes.WarningsHeader, warnings.Select(w => w.Stored).ToArray());
        }
    }

    public static IReadOnlyList<FieldText> Warnings(PlanImportAccepted accepted)
    {
        ArgumentNullException.ThrowIfNull(accepted);
        return [.. accepted.Warnings.Select(w => new FieldText(w.Pointer, w.Message))];
    }
}

/// <summary>Loads plan documents from a folder at start-up (./ops/run's sample data); plans already present are left alone.</summary>
public sealed class SamplePlans(IDocumentStore store, ILogger<SamplePlans> logger)
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
            await using var session = store.LightweightSession(accepted.Tenant);
            // Asked before appending: a refused append has taken its sequence numbers, and Marten fills them with
            // tombstone rows, so a restart that tried every sample again left rows behind each time.
            if (await session.Events.FetchStreamStateAsync(StreamIds.Plan(accepted.PlanId), ct) is not null)
            {
                logger.LogInformation("{Plan} for {Tenant} is already present", accepted.PlanId, accepted.Tenant);
                continue;
            }
            Envelopes.Stamp(session, new EventMetadata("ops/run sample import", "plan import", Guid.NewGuid().ToString("N"), Path.GetFileName(file), null));
            PlanImport.Start(session, accepted);
            try
            {
                await session.SaveChangesAsync(ct);
                logger.LogInformation("Imported {Plan} for {Tenant}: {Streams} streams, {Warnings} warnings", accepted.PlanId, accepted.Tenant, accepted.Streams.Count, accepted.Warnings.Count);
            }
            catch (ExistingStreamIdCollisionException)
            {
                logger.LogInformation("{Plan} for {Tenant} is already present", accepted.PlanId, accepted.Tenant);
            }
        }
    }
}
