using System.IO.Pipelines;
using DxEvents.Api.EventStore;
using DxEvents.Api.Infrastructure;
using DxEvents.Api.Integrity;
using DxEvents.Api.Plans;
using DxEvents.Integrity;

namespace DxEvents.Api.Audit;

/// <summary>
/// GET /audit/export?until=: the municipality's history as a bundle (docs/chain.md), to verify and replay offline
/// with the CLI. until (an instant, or a date = the end of that day in Japan) cuts at the last event recorded by then;
/// without it, at everything settled when the export began. The sealer runs a moment behind the appends, so the export
/// waits until it has sealed all of that (a bundle must never look complete while it is not), else 503 with Retry-After.
/// Streamed as it is read: constant memory however long the history.
/// </summary>
public static class ExportEndpoint
{
    public const string ContentType = "application/x-ndjson";

    public static void Map(RouteGroupBuilder api) =>
        api.MapGet("/audit/export", Export).WithName("ExportBundle").WithTags("Audit")
            .WithSummary("Export bundle (JSON Lines): a manifest (format, municipality, count, head, export time, until), then every event in chain order with its hash")
            .Produces(200, contentType: ContentType)
            .ProducesProblem(400).ProducesProblem(503)
            .RequireAuthorization(Policies.Audit);

    internal static async Task<IResult> Export(string tenant, string? until, ChainReads chain, EventReads reads, TimeProvider clock, CancellationToken ct)
    {
        var at = until is null ? (DateTimeOffset?)null : PlanReads.ParseInstant(until, "until");
        var settled = await reads.SettledHorizonAsync(tenant, EventReads.DefaultSettleWait, ct) ?? throw new HistoryNotSettledException();
        var head = await chain.WaitForCompleteAsync(c => at is { } instant
                ? chain.PinAsOfAsync(tenant, instant, c)
                : chain.PinAtSequenceAsync(tenant, settled, c), EventReads.DefaultSettleWait, ct)
            ?? throw new HistoryNotSettledException();
        var manifest = new BundleManifest(Bundle.Format, ChainEncoding.Tag, tenant, head.Position, head, clock.GetUtcNow(), at);
        return TypedResults.Stream(async body =>
        {
            var writer = PipeWriter.Create(body);
            Bundle.WriteManifest(writer, manifest);
            await foreach (var record in chain.ReadChainAsync(tenant, head.Position, ct))
            {
                Bundle.WriteEvent(writer, record);
                if (writer.UnflushedBytes >= 1 << 16)
                    await writer.FlushAsync(ct);
            }
            await writer.FlushAsync(ct);
            await writer.CompleteAsync();
        }, ContentType, $"{tenant}-chain-{head.Position}.jsonl");
    }
}
