using System.Text.Json;
using System.Text.Json.Serialization;
using DxEvents.Api.EventStore;
using DxEvents.Api.Integrity;
using DxEvents.Api.Reads;
using DxEvents.Domain;
using DxEvents.Domain.Reports;
using DxEvents.Domain.Status;
using DxEvents.Domain.Texts;
using Marten;
using Npgsql;

namespace DxEvents.Api.Headquarters;

/// <summary>
/// A municipality's headquarters rollup as computed for one reporting date by one build of the rules, and the state of the
/// plan view it was computed from: <see cref="Stamp"/>, a digest of every part's id and Marten version
/// (<see cref="StoredHeadquartersReads.StampOf"/>). A cache of the parts, which are a projection of the events: it is
/// served only while the parts still have that stamp, and the drift check compares it with a fresh computation.
/// </summary>
/// <param name="Id">The reporting date and the rules (<see cref="StoredHeadquartersReads.Key"/>).</param>
/// <param name="LastSequence">The last event the parts had folded: the head the answer pins is the chain's right after it.</param>
/// <param name="Report">The report in <see cref="StoredHeadquartersReads.Json"/>'s dialect (texts with their code and both wordings).</param>
public sealed record StoredHeadquarters(string Id, DateOnly ReportingDate, string Rules, string Stamp, long LastSequence, JsonElement Report);

/// <summary>
/// GET /headquarters/status without asOf, served from a stored rollup (<see cref="StoredHeadquarters"/>) read with its chain
/// pin in one round trip. The national benchmark's headquarters read was 11.9× one stored row with the plan view composed
/// from every part on each read (every measure's and KPI's document fetched and deserialized) and the pin in a round trip
/// of its own. Why a cache stamped with the parts' versions rather than a projection of the rollup's inputs: the report
/// depends on the reporting date (expected progress, the last closed quarter), so a projection would still have to
/// evaluate every KPI on each read, while a stored report is one row; and the stamp is compared in the same statement
/// that reads the row, so an answer is never older than the parts it is read beside.
/// <list type="bullet">
/// <item>Hit: one statement, one snapshot: the parts' stamp, the stored row if its stamp is that one, and the chain pin at
/// the row's last sequence.</item>
/// <item>Miss (the parts changed, or another reporting date, or another build): every part and their stamp in one statement
/// (one snapshot, so the stamp names exactly the parts the report is computed from), the rollup, the pin, and the row
/// written for the next reader. A write acknowledged before a read began changed its part's version, so the read misses
/// and computes it, exactly as without the cache.</item>
/// </list>
/// The parts' Marten versions rather than their last sequences or the streams' versions: Marten gives a document a new
/// version on every write, including a rebuild, and reading the version needs no part's data (the sequences sit in JSON,
/// which a KPI part's figures make large); a sum or maximum of sequences could be equal for two different sets of commits
/// that two readers saw at once.
/// </summary>
public sealed class StoredHeadquartersReads(IDocumentStore store, ChainReads chain)
{
    /// <summary>The build of the rules and of this code: a stored rollup computed by another build is never served.</summary>
    public static readonly string Rules = "hq1-" + typeof(HeadquartersRollup).Assembly.ManifestModule.ModuleVersionId.ToString("N")[..12]
        + typeof(StoredHeadquarters).Assembly.ManifestModule.ModuleVersionId.ToString("N")[..12];

    /// <summary>Rows for another reporting date or build are removed this long after their last write.</summary>
    private static readonly TimeSpan Kept = TimeSpan.FromDays(1);

    /// <summary>The report's own JSON for storage: the event catalog's dialect, texts as code and both wordings (a text for
    /// people is otherwise written in one language and never read back).</summary>
    public static readonly JsonSerializerOptions Json = CreateJson();

    public static string Key(DateOnly reportingDate) => $"{reportingDate:yyyy-MM-dd}/{Rules}";

    /// <summary>The stamp of the parts selected as p (id, mt_version): the same expression on the hit and the miss path.</summary>
    private const string StampOfParts = "(select coalesce(md5(string_agg(p.id || ' ' || p.mt_version::text, ',' order by p.id)), '') from parts p)";

    private string? _hit;
    private string? _parts;
    private string? _table;

    /// <summary>The rollup and its pin, and whether it was served from the stored row.</summary>
    public async Task<(HeadquartersRead Read, bool Stored)> ReadAsync(string tenant, DateOnly reportingDate, CancellationToken ct)
    {
        var key = Key(reportingDate);
        var hit = await chain.InOneTripAsync(tenant, _hit ??= HitSql(), [new() { Value = key }], async reader =>
            await reader.ReadAsync(ct)
                ? (Report: JsonSerializer.Deserialize<HeadquartersReport>(reader.GetString(0), Json)!, Pin: ChainReads.ReadPin(reader, 1))
                : default, ct);
        if (hit.Report is not null)
            return (new HeadquartersRead(hit.Report, hit.Pin), true);

        var (plans, stamp) = await PartsAsync(tenant, ct);
        var report = HeadquartersRollup.Build(plans, reportingDate);
        var last = plans.Count == 0 ? 0 : plans.Max(p => p.LastSequence);
        var pin = await chain.PinAtSequenceAsync(tenant, last, ct);
        await using (var session = store.LightweightSession(tenant))
        {
            session.Store(new StoredHeadquarters(key, reportingDate, Rules, stamp, last, JsonSerializer.SerializeToElement(report, Json)));
            session.QueueSqlCommand($"delete from {Table()} where tenant_id = ? and id <> ? and mt_last_modified < now() - ?::interval",
                tenant, key, $"{Kept.TotalSeconds} seconds");
            await session.SaveChangesAsync(ct);
        }
        return (new HeadquartersRead(report, pin), false);
    }

    /// <summary>Every plan of the municipality composed from its parts, and their stamp, in one statement: one snapshot.</summary>
    public async Task<(List<PlanView> Plans, string Stamp)> PartsAsync(string tenant, CancellationToken ct)
    {
        var serializer = store.Options.Serializer();
        return await chain.InOneTripAsync<(List<PlanView>, string)>(tenant, _parts ??= PartsSql(), [], async reader =>
        {
            var (plans, measures, kpis, stamp) = (new List<PlanPart>(), new List<MeasurePart>(), new List<KpiPart>(), "");
            while (await reader.ReadAsync(ct))
            {
                stamp = reader.GetString(2);
                switch (reader.GetInt32(0))
                {
                    case 0: plans.Add(serializer.FromJson<PlanPart>(reader, 1)); break;
                    case 1: measures.Add(serializer.FromJson<MeasurePart>(reader, 1)); break;
                    default: kpis.Add(serializer.FromJson<KpiPart>(reader, 1)); break;
                }
            }
            var (m, k) = (measures.ToLookup(p => p.PlanId), kpis.ToLookup(p => p.PlanId));
            return ([.. plans.Select(p => PlanViewParts.Compose(p, m[p.View.PlanId], k[p.View.PlanId])).OrderBy(v => v.PlanId, StringComparer.Ordinal)], stamp);
        }, ct);
    }

    /// <summary>
    /// Stored rollups that are served (their stamp is the parts' current one and their build this one) but differ from the
    /// rollup computed afresh from those parts: changed in the database. Together with the parts' own check against their
    /// streams (<see cref="Projections.ProjectionDrift"/>), a served headquarters answer is tied to the history. A row whose
    /// stamp is old is never served, whatever it holds. Run on the daemon's store, which sees every municipality.
    /// </summary>
    public static async Task<IReadOnlyList<Projections.DriftedDocument>> DriftAsync(IDocumentStore daemonStore, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(daemonStore);
        var reads = new StoredHeadquartersReads(daemonStore, new ChainReads(daemonStore));
        IReadOnlyList<string> tenants;
        await using (var all = daemonStore.QuerySession())
            tenants = await all.AdvancedSql.QueryAsync<string>($"select distinct tenant_id from {reads.Table()} order by tenant_id", ct);
        var drifted = new List<Projections.DriftedDocument>();
        foreach (var tenant in tenants)
        {
            var (plans, stamp) = await reads.PartsAsync(tenant, ct);
            foreach (var (id, reportingDate, rowStamp, report) in await reads.RowsAsync(tenant, ct))
            {
                if (rowStamp == stamp && id == Key(reportingDate)
                    && JsonSerializer.Serialize(report, Json) != JsonSerializer.Serialize(HeadquartersRollup.Build(plans, reportingDate), Json))
                    drifted.Add(new(tenant, nameof(StoredHeadquarters), id, "differs from the rollup of the plan view it is stamped with"));
            }
        }
        return drifted;
    }

    private async Task<IReadOnlyList<(string Id, DateOnly ReportingDate, string Stamp, HeadquartersReport Report)>> RowsAsync(string tenant, CancellationToken ct) =>
        await chain.InOneTripAsync<IReadOnlyList<(string, DateOnly, string, HeadquartersReport)>>(tenant,
            $"select id, data->>'reportingDate', data->>'stamp', (data->'report')::text from {Table()} where tenant_id = $1 order by id", [], async reader =>
        {
            var rows = new List<(string, DateOnly, string, HeadquartersReport)>();
            while (await reader.ReadAsync(ct))
                rows.Add((reader.GetString(0), DateOnly.ParseExact(reader.GetString(1), "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
                    reader.GetString(2), JsonSerializer.Deserialize<HeadquartersReport>(reader.GetString(3), Json)!));
            return rows;
        }, ct);

    private string Table() => _table ??= store.Options.FindOrResolveDocumentType(typeof(StoredHeadquarters)).TableName.QualifiedName;

    /// <summary>Every part of the municipality as parts (kind, id, mt_version, and its data only when <paramref name="data"/>:
    /// the stamp alone reads no document's JSON).</summary>
    private string PartsCte(bool data)
    {
        string From<T>(int kind) => $"select {kind} as kind, id, mt_version{(data ? ", data" : "")} from {store.Options.FindOrResolveDocumentType(typeof(T)).TableName.QualifiedName} where tenant_id = $1";
        return $"with parts as ({From<PlanPart>(0)} union all {From<MeasurePart>(1)} union all {From<KpiPart>(2)})";
    }

    private string HitSql() => $"""
        {PartsCte(data: false)}, stored as (
            select (r.data->'report')::text as report, (r.data->>'lastSequence')::bigint as last from {Table()} r
            where r.tenant_id = $1 and r.id = $2 and r.data->>'stamp' = {StampOfParts})
        select r.report, {ChainReads.PinAtSequenceColumns("r.last")} from stored r {ChainReads.PinAtSequenceJoin("r.last")}
        """;

    private string PartsSql() => $"{PartsCte(data: true)} select kind, data, {StampOfParts} from parts";

    private static JsonSerializerOptions CreateJson()
    {
        var options = new JsonSerializerOptions(EventCatalog.JsonOptions);
        options.Converters.Add(new BothLanguages());
        options.MakeReadOnly();
        return options;
    }

    /// <summary>A text read back from a stored rollup: its code and both wordings as they were written.</summary>
    private sealed record StoredText(string Code, string Ja, string En) : Text(Code, Ja, En);

    private sealed class BothLanguages : JsonConverter<Text>
    {
        public override bool CanConvert(Type typeToConvert) => typeof(Text).IsAssignableFrom(typeToConvert);

        public override Text Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            using var text = JsonDocument.ParseValue(ref reader);
            var root = text.RootElement;
            return new StoredText(root.GetProperty("code").GetString()!, root.GetProperty("ja").GetString()!, root.GetProperty("en").GetString()!);
        }

        public override void Write(Utf8JsonWriter writer, Text value, JsonSerializerOptions options)
        {
            writer.WriteStartObject();
            writer.WriteString("code", value.Code);
            writer.WriteString("ja", value.Ja);
            writer.WriteString("en", value.En);
            writer.WriteEndObject();
        }
    }
}
