using System.Text.Json;
using System.Text.RegularExpressions;

namespace DxEvents.Domain.Plans.Import;

/// <summary>Reads a <c>dxevents.plan/v1</c> document (docs/plan-document.md) into the plan's opening events. It walks the
/// JsonElement instead of deserializing, so that every wrong field gets its own pointer and message.</summary>
public static partial class PlanDocumentReader
{
    public const string Format = "dxevents.plan/v1";

    public static PlanImportResult Read(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return new PlanImportRejected([new("", new DocumentNotAnObject())]);
        }

        var log = new ProblemLog();
        var document = new JsonCursor(root, "", log);
        var format = document.String("format", required: true);
        if (format is not null && format != Format)
        {
            log.Error("/format", new WrongFormat(Format));
        }

        var tenant = document.Matching("tenant", TenantPattern(), "[a-z0-9-]{2,40}");
        var adopted = PlanHeaderReader.Read(document);
        var (pillars, pillarIds) = ReadPillars(document, adopted?.PlanId ?? "");
        var context = new ImportContext(adopted?.PlanId ?? "", adopted?.FromFiscalYear, adopted?.ToFiscalYear, pillarIds, log);
        var measureStreams = (document.Objects("measures", required: true) ?? [])
            .Select(measure => MeasureSectionReader.Read(measure, context))
            .ToList();
        UniqueIds(measureStreams.Select(m => m.Measure), IdOf.Measure, log);

        if (log.Errors.Count > 0 || adopted is null || pillars is null || tenant is null)
        {
            return new PlanImportRejected(log.Errors);
        }

        var planStream = new StreamOpening(StreamIds.Plan(adopted.PlanId), StreamIds.PlanType, [adopted, .. pillars]);
        var streams = measureStreams.SelectMany(m => m.Streams).Prepend(planStream).ToList();
        return new PlanImportAccepted(tenant, adopted.PlanId, streams, log.Warnings);
    }

    /// <summary>The pillar events, null when any pillar is unreadable; and the ids that could be read,
    /// null only when the array itself is unreadable.</summary>
    private static (List<PillarAdded>? Events, HashSet<string>? Ids) ReadPillars(JsonCursor document, string planId)
    {
        var items = document.Objects("pillars", required: true);
        if (items is null)
        {
            return (null, null);
        }

        if (items.Count == 0)
        {
            document.Log.Error("/pillars", new NoPillars());
        }

        var read = items.Select(pillar => (Id: pillar.Id(), Title: pillar.String("title", required: true), pillar.Pointer)).ToList();
        UniqueIds(read.Select(p => (p.Id, p.Pointer)), IdOf.Pillar, document.Log);
        var ids = read.Select(p => p.Id).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var events = read
            .Where(p => p.Id is not null && p.Title is not null)
            .Select((p, index) => new PillarAdded(planId, p.Id!, p.Title!, index + 1))
            .ToList();
        return (events.Count == read.Count && read.Count > 0 ? events : null, ids.Count > 0 ? ids : null);
    }

    /// <summary>Reports each repeat of an id at its own pointer, naming where it first appeared.</summary>
    internal static void UniqueIds(IEnumerable<(string? Id, string Pointer)> ids, IdOf what, ProblemLog log)
    {
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (id, pointer) in ids)
        {
            if (id is null)
            {
                continue;
            }

            if (!seen.TryAdd(id, pointer))
            {
                log.Error($"{pointer}/id", new DuplicateId(what, id, seen[id]));
            }
        }
    }

    [GeneratedRegex("^[a-z0-9-]{2,40}$")]
    private static partial Regex TenantPattern();
}

/// <summary>What the measure readers need from the rest of the document. PillarIds is null when the
/// pillars could not be read, so that each measure is not also blamed for an unknown pillar.</summary>
internal sealed record ImportContext(string PlanId, int? FromFiscalYear, int? ToFiscalYear, HashSet<string>? PillarIds, ProblemLog Log)
{
    public Dictionary<string, string> KpiIds { get; } = new(StringComparer.Ordinal);

    /// <summary>The warning for a year outside the plan period, or null when it lies inside (or the period is unreadable).</summary>
    public OutsidePlanPeriod? OutsidePeriod(int fiscalYear) =>
        FromFiscalYear is { } from && ToFiscalYear is { } to && (fiscalYear < from || fiscalYear > to) ? new(fiscalYear, from, to) : null;
}
