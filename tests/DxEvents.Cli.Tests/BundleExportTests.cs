using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using DxEvents.Api.Auth;
using DxEvents.Cli.Tests.Support;
using DxEvents.Integrity;
using Npgsql;

namespace DxEvents.Cli.Tests;

/// <summary>
/// Bundles from the real service after the daemon sealed them: each line is its mt_events row as dxevents-chain/2 documents
/// it (the hash recomputed here from SQL output and SHA-256, not by ChainEncoding), and a database administrator's
/// tampering with mt_events shows up offline, in the exported bundle, at the position and kind the online verification names.
/// </summary>
public sealed class BundleExportTests(Server server) : IClassFixture<Server>
{
    /// <summary>The documented fields, read as a database administrator would (docs/chain.md), in chain order.</summary>
    private const string Documented = """
        select c.position, e.seq_id, e.stream_id, e.version, e.id::text, e.type,
               to_char(e.timestamp at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
               e.data::text,
               jsonb_strip_nulls(jsonb_build_object('causationId', e.causation_id, 'correlationId', e.correlation_id,
                                                    'headers', e.headers, 'userName', e.user_name))::text,
               encode(c.hash, 'hex')
        from dxevents.dx_chain c join dxevents.mt_events e on e.seq_id = c.seq_id
        where c.tenant_id = $1 order by c.position
        """;

    [Fact]
    public async Task Every_bundle_line_is_its_mt_events_row_as_documented_and_hashes_as_documented()
    {
        var tenant = Mima.NewTenant();
        var (office, auditor) = (await server.CallerAsync(tenant, Roles.Office), await server.CallerAsync(tenant, Roles.Auditor));
        await Mima.ImportAsync(office, tenant);
        await office.PostAsync(Mima.Url(tenant, $"{Mima.Plan}/kpis/k04/measurements"), new { fiscalYear = 2024, quarter = 2, value = 80 });
        await office.PostAsync(Mima.Url(tenant, $"{Mima.Plan}/kpis/k04/measurements/2024/2/corrections"), new { value = 95, reason = "出先機関の利用者を集計漏れ" });
        await server.SealedAsync();

        var bundle = await Mima.ExportAsync(auditor, tenant, null);
        var lines = (await File.ReadAllLinesAsync(bundle, Encoding.UTF8)).Skip(1).ToList();
        var rows = await DocumentedRowsAsync(tenant);

        Assert.Equal(rows.Count, lines.Count);
        Assert.True(rows.Count > 50, $"only {rows.Count} events");
        var previous = new string('0', 64);
        for (var i = 0; i < rows.Count; i++)
        {
            var (r, line) = (rows[i], JsonDocument.Parse(lines[i]).RootElement);
            var (data, metadata) = (CanonicalJson.Canonicalize(r.Data), CanonicalJson.Canonicalize(r.Metadata));
            Assert.Equal(i + 1, r.Position);
            Assert.Equal(
                (r.Position, r.Sequence, r.Stream, r.Version, r.EventId, r.Type, r.RecordedAt, data, metadata, r.Hash),
                (line.GetProperty("position").GetInt64(), line.GetProperty("sequence").GetInt64(), line.GetProperty("stream").GetString(),
                    line.GetProperty("version").GetInt64(), line.GetProperty("eventId").GetString(), line.GetProperty("type").GetString(),
                    line.GetProperty("recordedAt").GetString(), line.GetProperty("data").GetRawText(), line.GetProperty("metadata").GetRawText(),
                    line.GetProperty("hash").GetString()));
            // The twelve lines, joined by LF, SHA-256: what an auditor with the database and no DxEvents code computes.
            var text = string.Join('\n', "dxevents-chain/2", previous, tenant, Decimal(r.Position), Decimal(r.Sequence), r.Stream, Decimal(r.Version),
                r.EventId, r.Type, r.RecordedAt, data, metadata);
            previous = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
            Assert.True(previous == r.Hash, $"position {r.Position}: {previous} recomputed, {r.Hash} sealed");
        }

        var corrected = lines.Select(l => JsonDocument.Parse(l).RootElement).Single(l => l.GetProperty("type").GetString() == "KpiMeasurementCorrected");
        var m = corrected.GetProperty("metadata");
        Assert.Equal("出先機関の利用者を集計漏れ", m.GetProperty("headers").GetProperty("reason").GetString());
        Assert.True(m.GetProperty("headers").TryGetProperty("requestId", out _), m.GetRawText());
        Assert.False(string.IsNullOrEmpty(m.GetProperty("userName").GetString()), m.GetRawText());
        Assert.True(m.TryGetProperty("correlationId", out _), m.GetRawText());
        // The import's warnings (kept as printed) travel as a header array.
        Assert.Contains(lines, l => JsonDocument.Parse(l).RootElement.GetProperty("metadata") is var meta
            && meta.TryGetProperty("headers", out var h) && h.TryGetProperty("warnings", out var w) && w.GetArrayLength() > 0);
        // Null columns (and null header values) are stripped by the metadata expression, never written as null.
        Assert.All(lines, l => Assert.DoesNotContain(":null", JsonDocument.Parse(l).RootElement.GetProperty("metadata").GetRawText(), StringComparison.Ordinal));
    }

    /// <summary>Tampered in mt_events as a superuser after sealing; the export still carries what the rows say now.</summary>
    [Theory]
    [InlineData("update", ChainBreakKind.Altered)]
    [InlineData("delete", ChainBreakKind.Missing)]
    [InlineData("swap", ChainBreakKind.Reordered)]
    public async Task Tampering_with_mt_events_is_named_offline_where_the_server_names_it(string tampering, ChainBreakKind kind)
    {
        var tenant = Mima.NewTenant();
        var (office, auditor) = (await server.CallerAsync(tenant, Roles.Office), await server.CallerAsync(tenant, Roles.Auditor));
        await Mima.ImportAsync(office, tenant);
        for (var quarter = 1; quarter <= 4; quarter++)
            await office.PostAsync(Mima.Url(tenant, $"{Mima.Plan}/kpis/k04/measurements"), new { fiscalYear = 2024, quarter, value = 70 + 10 * quarter });
        await server.SealedAsync();
        var measured = await MeasuredAsync(tenant);
        var (p, q) = (measured[1], measured[3]);

        await using (var admin = await server.AdminAsync())
        {
            var sql = tampering switch
            {
                "update" => "update dxevents.mt_events set data = jsonb_set(data, '{value}', '5000') where seq_id = $1",
                "delete" => "delete from dxevents.mt_events where seq_id = $1",
                _ => """
                    update dxevents.mt_events e set data = o.data from dxevents.mt_events o
                    where (e.seq_id, o.seq_id) in (($1, $2), ($2, $1))
                    """,
            };
            await using var command = new NpgsqlCommand(sql, admin);
            command.Parameters.Add(new() { Value = p.Sequence });
            if (tampering == "swap")
                command.Parameters.Add(new() { Value = q.Sequence });
            Assert.True(await command.ExecuteNonQueryAsync() >= 1);
        }

        var online = await auditor.GetAsync(Mima.Url(tenant, "/audit/verify"));
        var bundle = await Mima.ExportAsync(auditor, tenant, null);
        var (manifest, offline) = await new BundleFile(bundle).VerifyAsync();

        Assert.False(online.GetProperty("ok").GetBoolean());
        var broken = online.GetProperty("break");
        Assert.Equal((p.Position, kind), (broken.GetProperty("position").GetInt64(), Enum.Parse<ChainBreakKind>(broken.GetProperty("kind").GetString()!, ignoreCase: true)));
        Assert.False(offline.Ok, $"the bundle of a tampered database verifies ({tampering})");
        Assert.Equal((p.Position, kind, p.Position + 1), (offline.Break!.Position, offline.Break.Kind, BundleFile.LineOf(offline.Break)));
        Assert.Equal(online.GetProperty("verified").GetProperty("hash").GetString(), offline.Verified.Hash);
        Assert.Equal(online.GetProperty("head").GetProperty("hash").GetString(), manifest.Head.Hash);
    }

    private static string Decimal(long n) => n.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private sealed record Row(long Position, long Sequence, string Stream, long Version, string EventId, string Type, string RecordedAt,
        string Data, string Metadata, string Hash);

    private async Task<List<Row>> DocumentedRowsAsync(string tenant)
    {
        await using var admin = await server.AdminAsync();
        await using var command = new NpgsqlCommand(Documented, admin);
        command.Parameters.Add(new() { Value = tenant });
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<Row>();
        while (await reader.ReadAsync())
            rows.Add(new Row(reader.GetInt64(0), reader.GetInt64(1), reader.GetString(2), reader.GetInt64(3), reader.GetString(4), reader.GetString(5),
                reader.GetString(6), reader.GetString(7), reader.GetString(8), reader.GetString(9)));
        return rows;
    }

    /// <summary>The KpiMeasured events of the municipality's chain: (position, sequence) in chain order.</summary>
    private async Task<List<(long Position, long Sequence)>> MeasuredAsync(string tenant)
    {
        await using var admin = await server.AdminAsync();
        await using var command = new NpgsqlCommand("""
            select c.position, c.seq_id from dxevents.dx_chain c join dxevents.mt_events e on e.seq_id = c.seq_id
            where c.tenant_id = $1 and e.type = 'KpiMeasured' order by c.position
            """, admin);
        command.Parameters.Add(new() { Value = tenant });
        await using var reader = await command.ExecuteReaderAsync();
        var measured = new List<(long, long)>();
        while (await reader.ReadAsync())
            measured.Add((reader.GetInt64(0), reader.GetInt64(1)));
        Assert.True(measured.Count >= 4, $"{measured.Count} KpiMeasured events");
        return measured;
    }
}
