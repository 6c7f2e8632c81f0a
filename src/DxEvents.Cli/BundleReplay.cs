using DxEvents.Api.EventStore;
using System.Text.Json;
using DxEvents.Domain.Texts;
using DxEvents.Api.Headquarters;
using DxEvents.Api.Infrastructure;
using DxEvents.Api.Plans;
using DxEvents.Domain;
using DxEvents.Domain.Fiscal;
using DxEvents.Domain.Reports;
using DxEvents.Domain.Status;
using DxEvents.Integrity;

namespace DxEvents.Cli;

/// <summary>What the server answers for that asOf: one plan's status, or the headquarters rollup, with the views behind it.</summary>
public sealed record Replayed(object Answer, PlanStatusAnswer? Plan, HeadquartersAnswer? Headquarters, IReadOnlyList<PlanView> Views);

/// <summary>
/// The headquarters and plan status recomputed from a bundle alone, by the code the server runs: the events recorded up to
/// asOf, in chain order, decoded by the service's codec and folded by the domain's PlanViewProjection, then judged by
/// StatusRule under the tolerances in force in each plan at asOf. Same selection as the server (recorded-at ≤ asOf), same
/// reporting date by default (asOf's date in Japan), same JSON.
/// </summary>
public static class BundleReplay
{
    /// <summary>The service's HTTP JSON settings (Program.cs): web defaults plus the event catalog's dialect.</summary>
    public static JsonSerializerOptions Json { get; } = CreateJson();

    public static async Task<Replayed> RunAsync(
        BundleFile bundle, DateTimeOffset asOf, DateOnly? reportingDate, string? planId, Action<long>? read = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(bundle);
        await bundle.ReadManifestAsync(ct);
        var date = reportingDate ?? JapanDate.Of(asOf);
        var views = new Dictionary<string, PlanView?>(StringComparer.Ordinal);
        var head = ChainHead.Empty;
        await foreach (var r in bundle.ReadEventsAsync(0, read, ct))
        {
            // Not a break at the first later event: the server selects by recorded-at, and so does the replay.
            if (r.RecordedAt > asOf)
                continue;
            if (r.Position > head.Position)
                head = new ChainHead(r.Position.Value, ChainEncoding.Hex(r.Hash!));
            if (StreamIds.PlanIdOf(r.StreamId) is not { } id || (planId is not null && id != planId))
                continue;
            views[id] = PlanViewProjection.Apply(views.GetValueOrDefault(id), Envelopes.FromChainRecord(r));
        }

        var known = views.Values.OfType<PlanView>().ToList();
        if (planId is null)
        {
            // Every event of a bundle is sealed: the head covers all the replay saw (the server's chainComplete: true).
            var headquarters = new HeadquartersAnswer(asOf, date, HeadquartersRollup.Build(known, date), head, ChainComplete: true);
            return new Replayed(headquarters, null, headquarters, known);
        }
        var view = known.SingleOrDefault() ?? throw new ReplayException($"No plan '{planId}' was recorded by {asOf:O}.");
        var plan = new PlanStatusAnswer(asOf, date, StatusRule.Evaluate(view, date, view.Tolerances), null, head, ChainComplete: true);
        return new Replayed(plan, plan, null, known);
    }

    private static JsonSerializerOptions CreateJson()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            PropertyNamingPolicy = EventCatalog.JsonOptions.PropertyNamingPolicy,
            Encoder = EventCatalog.JsonOptions.Encoder,
            WriteIndented = true,
        };
        foreach (var converter in EventCatalog.JsonOptions.Converters)
            options.Converters.Add(converter);
        // The server's default language: replay answers what a request without Accept-Language got.
        options.Converters.Add(new TextJsonConverter(() => Language.Ja));
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}

public sealed class ReplayException(string message) : Exception(message);
