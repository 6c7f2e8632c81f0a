using System.Diagnostics;
using System.Security.Cryptography;
using DxEvents.Api.Integrity;
using Npgsql;

namespace DxEvents.Benchmarks;

/// <summary>The national benchmark's floors: what PostgreSQL and SHA-256 alone do with the same rows and bytes.</summary>
internal static class NationalFloors
{
    private const string S = Api.EventStore.StoreSetup.Schema;
    private const int Chunk = 50_000;

    /// <summary>
    /// Events per second of PostgreSQL's COPY writing the very rows Marten wrote into a table like mt_events (its columns,
    /// defaults and indexes, no row-level security): each chunk is read back first as COPY text and only its writing is timed.
    /// </summary>
    public static async Task<double> CopyRateAsync(BenchDatabase db)
    {
        await db.ExecuteAsync($"drop table if exists {S}.dx_load_floor; create table {S}.dx_load_floor (like {S}.mt_events including defaults including indexes)");
        await using var reader = new NpgsqlConnection(db.DaemonConnectionString);
        await reader.OpenAsync();
        await using var writer = await db.DataSource.OpenConnectionAsync();
        var (rows, writing, after) = (0L, TimeSpan.Zero, 0L);
        while (true)
        {
            var last = await LastOfChunkAsync(reader, after);
            if (last is null)
                break;
            string text;
            using (var export = await reader.BeginTextExportAsync($"copy (select * from {S}.mt_events where seq_id > {after} and seq_id <= {last} order by seq_id) to stdout"))
                text = await export.ReadToEndAsync();
            var clock = Stopwatch.StartNew();
            await using (var import = await writer.BeginTextImportAsync($"copy {S}.dx_load_floor from stdin"))
                await import.WriteAsync(text);
            writing += clock.Elapsed;
            rows += text.Count(c => c == '\n');
            after = last.Value;
        }
        await db.ExecuteAsync($"drop table {S}.dx_load_floor");
        return rows / writing.TotalSeconds;
    }

    private static async Task<long?> LastOfChunkAsync(NpgsqlConnection connection, long after)
    {
        await using var command = new NpgsqlCommand($"select max(seq_id) from (select seq_id from {S}.mt_events where seq_id > {after} order by seq_id limit {Chunk}) x", connection);
        return await command.ExecuteScalarAsync() is long last ? last : null;
    }

    /// <summary>Milliseconds SHA-256 alone takes over the bytes each link of the municipality's chain hashes (encoded beforehand).</summary>
    public static async Task<(int Events, double Milliseconds)> ShaAsync(ChainReads chain, string tenant)
    {
        var encoded = VerifyBenchmark.Encoded(await chain.ReadChainAsync(tenant, long.MaxValue).ToListAsync(), tenant);
        var clock = Stopwatch.StartNew();
        foreach (var bytes in encoded)
            _ = SHA256.HashData(bytes);
        return (encoded.Count, clock.Elapsed.TotalMilliseconds);
    }

    /// <summary>The database's size, the largest tables', and the floor: the events' own bytes (data and metadata as text).</summary>
    public static async Task<(long Database, long Content, List<(string Table, long Bytes)> Tables)> SizesAsync(BenchDatabase db)
    {
        var database = await db.ScalarAsync<long>("select pg_database_size(current_database())");
        var content = await db.ScalarAsync<long>($"""
            select coalesce(sum(octet_length(data::text) + octet_length(coalesce(headers::text, '')) + octet_length(coalesce(user_name, ''))
                   + octet_length(coalesce(correlation_id, '')) + octet_length(coalesce(causation_id, '')) + octet_length(stream_id) + octet_length(type)), 0)::bigint
            from {S}.mt_events
            """);
        var tables = await db.RowsAsync($"""
            select c.relname, pg_total_relation_size(c.oid) from pg_class c join pg_namespace n on n.oid = c.relnamespace
            where n.nspname = '{S}' and c.relkind = 'r' order by 2 desc limit 8
            """, r => (r.GetString(0), r.GetInt64(1)));
        return (database, content, tables);
    }
}
