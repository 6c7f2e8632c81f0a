using System.Text.Json;
using System.Text.Json.Serialization;
using DxEvents.Api.EventStore;
using DxEvents.Api.Integrity;
using DxEvents.Api.Plans;
using DxEvents.Api.Reads;
using DxEvents.Domain;
using DxEvents.Domain.Reports;
using DxEvents.Domain.Status;
using DxEvents.Domain.Texts;
using DxEvents.Integrity;
using Marten;
using Npgsql;

namespace DxEvents.Api.Headquarters;

/// <summary>
/// A municipality's headquarters rollup as computed for one reporting date by one build of the rules, and the state of the
/// plan view it was computed from: <see cref="Stamp"/>, a digest of every part's id and Marten revision (the part's stream
/// version). A cache of the parts, which are a projection of the events: it is served only while the parts still have
/// that stamp, and the drift check compares it with a fresh computation.
/// </summary>
/// <param name="Id">The reporting date and the rules (<see cref="StoredHeadquartersReads.Key"/>).</param>
/// <param name="LastSequence">The last event the parts had folded: the head the answer pins is the chain's right after it.</param>
/// <param name="Report">The report in <see cref="StoredHeadquartersReads.Json"/>'s dialect (texts with their code and both wordings).</param>
/// <param name="Pin">The chain's head right after <paramref name="LastSequence"/> once the sealer has reached every event up to it
/// (null before): a complete pin at a sequence stays what it is, so it is read once instead of on every read.</param>
public sealed record StoredHeadquarters(string Id, DateOnly ReportingDate, string Rules, string Stamp, long LastSequence, JsonElement Report,
    ChainHead? Pin = null);

/// <summary>
/// GET /headquarters/status without asOf, served from a stored rollup (<see cref="StoredHeadquarters"/>) read with its chain
/// pin in one round trip. With the plan view composed from every part on each read (every measure's and KPI's document
/// fetched and deserialized) and the pin in a round trip of its own, the national benchmark's headquarters read was
/// 11.9× one stored row.
/// <para>
/// Why a cache stamped with the parts' revisions rather than a projection of the rollup's inputs: the report depends on
/// the reporting date (expected progress, the last closed quarter), so a projection would still evaluate every KPI of
/// every plan on each read, while a stored report is one row; and the stamp is compared in the statement that reads the
/// row, so an answer is never older than the parts beside it. Why the parts' revisions: a part's revision is its stream's
/// version, so (id, revision) of every part names exactly the events the plan view folds, and reading it touches no
/// part's JSON (a KPI part's figures make it large). A sum or maximum of sequences would not do: two readers can see two
/// different sets of concurrent commits with the same maximum.
/// </para>
/// <list type="bullet">
/// <item>Hit: one statement, one snapshot: the parts' stamp, the stored row if its stamp is that one, and the chain pin at
/// the row's last sequence unless the row already holds it complete.</item>
/// <item>Miss (the parts changed, another reporting date, another build): every part, their stamp and the pin in one
/// statement (one snapshot: the stamp names exactly the parts the report is computed from), the rollup, and the row
/// written for the next reader. A write acknowledged before a read began changed its part's revision, so that read
/// misses and computes it, exactly as without the cache.</item>
/// </list>
/// The rollup must stay a pure function of the parts and the reporting date: an input from elsewhere would not change the
/// stamp (StoredHeadquartersTests compares the stored answer with the live one after each kind of write).
/// Rows are written as asynchronous commits with plain SQL rather than a Marten session (one round trip instead of the
/// session's three and a WAL flush): a row lost in a crash is computed again by the next read.
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

    /// <summary>The stamp of the parts selected as parts (id, mt_version): the same expression on the hit and the miss path.</summary>
    private const string StampOfParts = "(select coalesce(md5(string_agg(p.id || ' ' || p.mt_version::text, ',' order by p.id)), '') from parts p)";

    private string? _hit;
    private string? _miss;
    private string? _table;

    /// <summary>The rollup and its pin, and whether it was served from the stored row.</summary>
    public async Task<(HeadquartersRead Read, bool Stored)> ReadAsync(string tenant, DateOnly reportingDate, CancellationToken ct)
    {
        var key = Key(reportingDate);
        var hit = await chain.InOneTripAsync(tenant, _hit ??= HitSql(), [new() { Value = key }], async reader =>
        {
            if (!await reader.ReadAsync(ct))
                return default;
            var report = JsonSerializer.Deserialize<HeadquartersReport>(reader.GetString(0), Json)!;
            var pinned = reader.IsDBNull(3) ? null : new ChainPin(new ChainHead(reader.GetInt64(3), reader.GetString(4)), Complete: true);
            return (Report: report, Stamp: reader.GetString(1), Last: reader.GetInt64(2), Pin: pinned ?? ChainReads.ReadPin(reader, 5)!, Pinned: pinned is not null);
        }, ct);
        if (hit.Report is not null)
        {
            if (!hit.Pinned && hit.Pin.Complete)
                await WriteAsync(tenant, $"update {Table()} set data = jsonb_set(data, '{{pin}}', $3::jsonb) where tenant_id = $1 and id = $2 and data->>'stamp' = $4 and (data->>'lastSequence')::bigint = $5",
                    [new() { Value = key }, new() { Value = store.Options.Serializer().ToJson(hit.Pin.Head) }, new() { Value = hit.Stamp }, new() { Value = hit.Last }], ct);
            return (new HeadquartersRead(hit.Report, hit.Pin), true);
        }

        var (plans, stamp, last, pin) = await PartsAsync(tenant, ct);
        var report = HeadquartersRollup.Build(plans, reportingDate);
        var row = new StoredHeadquarters(key, reportingDate, Rules, stamp, last, JsonSerializer.SerializeToElement(report, Json), pin.Complete ? pin.Head : null);
        await WriteAsync(tenant, $"""
            insert into {Table()} as t (tenant_id, id, data, mt_dotnet_type, mt_last_modified) values ($1, $2, $3::jsonb, $4, transaction_timestamp())
            on conflict (tenant_id, id) do update set data = excluded.data, mt_last_modified = excluded.mt_last_modified,
                mt_version = md5(random()::text || clock_timestamp()::text)::uuid
            """, [new() { Value = key }, new() { Value = store.Options.Serializer().ToJson(row) }, new() { Value = typeof(StoredHeadquarters).FullName }], ct,
            $"delete from {Table()} where tenant_id = $1 and id <> $2 and mt_last_modified < now() - $3::interval",
            [new() { Value = key }, new() { Value = $"{Kept.TotalSeconds} seconds" }]);
        return (new HeadquartersRead(report, pin), false);
    }

    /// <summary>
    /// Every plan of the municipality composed from its parts, their stamp, and the chain pin right after the last event they
    /// folded, in one statement: one snapshot.
    /// </summary>
    public async Task<(List<PlanView> Plans, string Stamp, long LastSequence, ChainPin Pin)> PartsAsync(string tenant, CancellationToken ct)
    {
        var serializer = store.Options.Serializer();
        var (plans, stamp, last, pin) = await chain.InOneTripAsync<(List<PlanView>, string, long, ChainPin)>(tenant, _miss ??= MissSql(), [], async reader =>
        {
            var (plans, measures, kpis, stamp, last, pin) = (new List<PlanPart>(), new List<MeasurePart>(), new List<KpiPart>(), "", 0L, (ChainPin?)null);
            while (await reader.ReadAsync(ct))
            {
                (stamp, last, pin) = (reader.GetString(2), reader.GetInt64(3), ChainReads.ReadPin(reader, 4));
                if (reader.IsDBNull(0))
                    continue;
                switch (reader.GetInt32(0))
                {
                    case 0: plans.Add(serializer.FromJson<PlanPart>(reader, 1)); break;
                    case 1: measures.Add(serializer.FromJson<MeasurePart>(reader, 1)); break;
                    default: kpis.Add(serializer.FromJson<KpiPart>(reader, 1)); break;
                }
            }
            return (PlanViews.Compose(plans, measures, kpis), stamp, last, pin!);
        }, ct);
        // The statement pins after the last event of any part; a part whose plan has none (never written so) is left out
        // of the views, and then the pin is read again for what the views hold.
        var folded = plans.Count == 0 ? 0 : plans.Max(p => p.LastSequence);
        return folded == last ? (plans, stamp, last, pin) : (plans, stamp, folded, await chain.PinAtSequenceAsync(tenant, folded, ct));
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
        var chain = new ChainReads(daemonStore);
        var reads = new StoredHeadquartersReads(daemonStore, chain);
        IReadOnlyList<string> tenants;
        await using (var all = daemonStore.QuerySession())
            tenants = await all.AdvancedSql.QueryAsync<string>($"select distinct tenant_id from {reads.Table()} order by tenant_id", ct);
        var drifted = new List<Projections.DriftedDocument>();
        foreach (var tenant in tenants)
        {
            var (plans, stamp, _, _) = await reads.PartsAsync(tenant, ct);
            foreach (var row in await reads.RowsAsync(tenant, ct))
            {
                if (row.Stamp != stamp || row.Id != Key(row.ReportingDate))
                    continue;
                if (JsonSerializer.Serialize(ReportOf(row), Json) != JsonSerializer.Serialize(HeadquartersRollup.Build(plans, row.ReportingDate), Json))
                    drifted.Add(new(tenant, nameof(StoredHeadquarters), row.Id, "differs from the rollup of the plan view it is stamped with"));
                else if (row.Pin is { } pin && await chain.PinAtSequenceAsync(tenant, row.LastSequence, ct) != new ChainPin(pin, Complete: true))
                    drifted.Add(new(tenant, nameof(StoredHeadquarters), row.Id, "its chain head is not the chain's right after its last event"));
            }
        }
        return drifted;
    }

    private async Task<IReadOnlyList<StoredHeadquarters>> RowsAsync(string tenant, CancellationToken ct)
    {
        var serializer = store.Options.Serializer();
        return await chain.InOneTripAsync<IReadOnlyList<StoredHeadquarters>>(tenant, $"select data from {Table()} where tenant_id = $1 order by id", [], async reader =>
        {
            var rows = new List<StoredHeadquarters>();
            while (await reader.ReadAsync(ct))
                rows.Add(serializer.FromJson<StoredHeadquarters>(reader, 0));
            return rows;
        }, ct);
    }

    private static HeadquartersReport ReportOf(StoredHeadquarters row) => row.Report.Deserialize<HeadquartersReport>(Json)!;

    private string Table() => _table ??= store.Options.FindOrResolveDocumentType(typeof(StoredHeadquarters)).TableName.QualifiedName;

    /// <summary>Statements with the municipality set and asynchronous commit, in one round trip (one implicit transaction).</summary>
    private async Task WriteAsync(string tenant, string sql, NpgsqlParameter[] parameters, CancellationToken ct, string? then = null, NpgsqlParameter[]? thenParameters = null)
    {
        await using var connection = (await store.Storage.FindOrCreateDatabase(tenant)).CreateConnection();
        await connection.OpenAsync(ct);
        await using var batch = new NpgsqlBatch(connection)
        {
            BatchCommands =
            {
                ChainReads.TenantCommand(tenant),
                new NpgsqlBatchCommand("select set_config('synchronous_commit', 'off', true)"),
            },
        };
        foreach (var (text, values) in new[] { (sql, parameters), (then, thenParameters ?? []) })
        {
            if (text is null)
                continue;
            var command = new NpgsqlBatchCommand(text) { Parameters = { new() { Value = tenant } } };
            foreach (var value in values)
                command.Parameters.Add(value);
            batch.BatchCommands.Add(command);
        }
        await batch.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Every part of the municipality as parts (kind, id, mt_version, and its data only when <paramref name="data"/>:
    /// the stamp alone reads no document's JSON).</summary>
    private string PartsCte(bool data)
    {
        string From<T>(int kind) => $"select {kind} as kind, id, mt_version{(data ? ", data" : "")} from {store.Options.FindOrResolveDocumentType(typeof(T)).TableName.QualifiedName} where tenant_id = $1";
        return $"with parts as ({From<PlanPart>(0)} union all {From<MeasurePart>(1)} union all {From<KpiPart>(2)})";
    }

    private string HitSql() => $"""
        {PartsCte(data: false)}, stored as (
            select (r.data->'report')::text as report, r.data->>'stamp' as stamp, (r.data->>'lastSequence')::bigint as last,
                (r.data->'pin'->>'position')::bigint as pinned, r.data->'pin'->>'hash' as pinned_hash
            from {Table()} r where r.tenant_id = $1 and r.id = $2 and r.data->>'stamp' = {StampOfParts})
        select r.report, r.stamp, r.last, r.pinned, r.pinned_hash, {ChainReads.PinAtSequenceColumns("r.last", "r.pinned is null")}
        from stored r {ChainReads.PinAtSequenceJoin("r.last", "r.pinned is null")}
        """;

    /// <summary>The parts (one row each; one row without a part when there is none), their stamp, the last event they folded
    /// (a plan part keeps it in its view) and the pin after it.</summary>
    private string MissSql() => $"""
        {PartsCte(data: true)}, folded as (
            select coalesce(max(coalesce((p.data->>'lastSequence')::bigint, (p.data->'view'->>'lastSequence')::bigint)), 0) as last from parts p)
        select p.kind, p.data, {StampOfParts}, f.last, {ChainReads.PinAtSequenceColumns("f.last")}
        from folded f {ChainReads.PinAtSequenceJoin("f.last")} left join parts p on true
        """;

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
