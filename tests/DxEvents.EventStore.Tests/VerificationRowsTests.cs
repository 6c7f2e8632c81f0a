using DxEvents.Api.Integrity;
using DxEvents.EventStore.Tests.Support;
using DxEvents.Integrity;
using DxEvents.Testing;
using Marten;
using Npgsql;
using NpgsqlTypes;
using static DxEvents.EventStore.Tests.Support.Plans;

namespace DxEvents.EventStore.Tests;

/// <summary>
/// The sealer hashes a row's metadata as SQL prints it (ChainRows.Metadata, jsonb_build_object); verification builds the
/// same line from the columns in .NET and hashes each row from its bytes (ChainRows.Cursor). Both must give the bytes of
/// dxevents-chain/2 for every row PostgreSQL can hold, or sealed chains stop verifying, or rows that do not fit pass.
/// </summary>
public sealed class VerificationRowsTests
{
    private const string Tenant = "mima";

    // causation id, correlation id, headers (jsonb), user name, data (jsonb): nulls, escapes, Japanese, numbers, big payloads.
    private static readonly string?[][] Tricky =
    [
        [null, null, null, null, """{"note": "窓口受付件数を集計（本庁・支所）", "value": 120.0}"""],
        ["a\"b\\c\nd\te\u0001f😀", "相関-𠮷", """{"a": null, "b": {"c": null, "d": "x"}, "arr": [null, {"e": null, "f": 1}]}""", "美馬市 DX推進室 田中",
            """{"s": "quote \" backslash \\ nl \n ctl \u0001 del \u007f", "é": "\ud83d\ude00", "": ""}"""],
        ["", null, "null", null, """{"v": 1.50, "w": 1e2, "x": -0, "y": 123456789012345678901234567890, "z": [null, true, false]}"""],
        [null, "c", "{}", "", "[]"],
        [null, null, """{"😀": 1, "～": 2, "b": [{"z": 1, "a": null}], "reason": "集計漏れ\n\"確定\""}""", "u", "\"just a string\""],
        ["x", "y", """{"warnings": ["/value: 前期比 +300%"], "big": """ + "\"" + string.Concat(Enumerable.Repeat("警告", 5_000)) + "\"}", "z",
            """{"note": """ + "\"" + string.Concat(Enumerable.Repeat("大きな本文\\n", 40_000)) + "\"}"],
    ];

    [Fact]
    public async Task The_metadata_built_from_the_columns_is_the_sealers_sql_line()
    {
        await using var connection = await OpenAsync();
        await using var reader = await RowsAsync(connection, hashes: null);
        var rows = 0;
        while (await reader.ReadAsync())
        {
            var record = ChainRows.Read(reader);
            Assert.Equal(CanonicalJson.Canonicalize(reader.GetString(reader.FieldCount - 1)), record.Metadata);
            rows++;
        }
        Assert.Equal(Tricky.Length, rows);
    }

    [Fact]
    public async Task Each_row_fits_the_hash_the_encoding_gives_its_sql_record_and_no_other()
    {
        // The hashes as the sealer computes them: ChainEncoding over records whose metadata is the SQL line.
        var hashes = new List<byte[]>();
        var previous = ChainEncoding.Genesis.ToArray();
        await using (var connection = await OpenAsync())
        await using (var reader = await RowsAsync(connection, hashes: null))
            while (await reader.ReadAsync())
            {
                var record = ChainRows.Read(reader) with { Metadata = CanonicalJson.Canonicalize(reader.GetString(reader.FieldCount - 1)) };
                hashes.Add(previous = ChainEncoding.Hash(previous, Tenant, hashes.Count + 1, record));
            }

        await using (var connection = await OpenAsync())
        await using (var reader = await RowsAsync(connection, hashes))
        {
            var cursor = new ChainRows.Cursor(reader, Tenant);
            previous = ChainEncoding.Genesis.ToArray();
            for (var position = 1; position <= Tricky.Length; position++)
            {
                Assert.True(await cursor.ReadAsync(default));
                Assert.Equal(position, cursor.Position);
                Assert.Equal(hashes[position - 1], cursor.Hash.ToArray());
                Assert.True(cursor.Fits(previous, position), $"row {position} does not fit its hash");
                Assert.False(cursor.Fits(hashes[position - 1], position), $"row {position} fits after the wrong hash");
                Assert.False(cursor.Fits(previous, position + 1), $"row {position} fits at the wrong position");
                Assert.False(new ChainRows.Cursor(reader, "misaki").Fits(previous, position), $"row {position} fits in another municipality");
                Assert.True(ChainVerifier.Fits(Tenant, previous, position, cursor.ToRecord()));
                previous = hashes[position - 1];
            }
            Assert.False(await cursor.ReadAsync(default));
        }
    }

    private static async Task<NpgsqlConnection> OpenAsync()
    {
        var connection = new NpgsqlConnection(PostgresDatabase.BaseConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    /// <summary>The tricky rows under the names ChainRows' SQL reads (mt_events e, dx_chain c), with its columns and, last,
    /// the sealer's metadata expression; position n is row n.</summary>
    private static async Task<NpgsqlDataReader> RowsAsync(NpgsqlConnection connection, List<byte[]>? hashes)
    {
        var command = new NpgsqlCommand($"""
            with e as (
                select n as seq_id, 'plan/mima-dx/kpi/k' || n as stream_id, n * 10 as version, md5('event ' || n)::uuid as id, 'KpiMeasured'::varchar as type,
                    timestamptz '2026-02-28 23:59:59.999999+09' + n * interval '1 second' as timestamp, data::jsonb as data,
                    causation::varchar as causation_id, correlation::varchar as correlation_id, headers::jsonb as headers, user_name::varchar as user_name,
                    false as is_archived
                from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[]) with ordinality as r(causation, correlation, headers, user_name, data, n))
            select {ChainRows.Columns}, {ChainRows.Metadata}
            from e cross join lateral (select e.seq_id as position, ($6::bytea[])[e.seq_id] as hash) c
            order by e.seq_id
            """, connection);
        for (var column = 0; column < 5; column++)
            command.Parameters.Add(new() { Value = Tricky.Select(row => row[column]).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        command.Parameters.Add(new() { Value = (hashes ?? []).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bytea });
        return await command.ExecuteReaderAsync(System.Data.CommandBehavior.CloseConnection);
    }
}

/// <summary>Events appended the service's way with awkward metadata, sealed by the daemon (the SQL line), verify.</summary>
[Collection(DaemonCollection.Name)]
public sealed class AwkwardMetadataVerificationTests(StoreFixture fixture) : IClassFixture<StoreFixture>
{
    private readonly PostgresDatabase _db = fixture.Db;
    private readonly DocumentStore _store = fixture.Store;

    [Fact]
    public async Task A_chain_sealed_from_awkward_rows_verifies()
    {
        var tenant = Tenant();
        await SeedAsync(_store, tenant);
        for (var i = 1; i <= 6; i++)
        {
            await using var session = _store.LightweightSession(tenant);
            session.LastModifiedBy = i % 2 == 0 ? null : $"美馬市 \"DX\" 推進室\n{i}";
            session.CorrelationId = i % 3 == 0 ? null : $"相関\\{i}\t😀";
            session.CausationId = i == 4 ? "" : $"c{i}";
            session.SetHeader("reason", "集計漏れ\u0001\"確定\"");
            session.SetHeader("nested", new Dictionary<string, object?> { ["gone"] = null, ["kept"] = new object?[] { null, 1.50m, "é" } });
            session.Events.Append(KpiStream("k1"), Measured("k1", (i % 4) + 1, 10.5m * i, i == 5 ? string.Concat(Enumerable.Repeat("本文\n\"引用\"\\", 20_000)) : null));
            await session.SaveChangesAsync();
        }
        await using (var daemon = await Daemon.StartAsync(_db))
            await daemon.CaughtUpAsync();

        var check = await new ChainReads(_store).VerifyAsync(tenant);

        Assert.True(check.Verification.Ok, check.Verification.Break?.Detail);
        Assert.Equal((check.Head.Position, 0L), (check.Verification.Count, check.Unsealed));
        Assert.True(check.Verification.Count >= 10, $"{check.Verification.Count} events");
    }
}
