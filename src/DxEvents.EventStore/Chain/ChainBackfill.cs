using Npgsql;
using NpgsqlTypes;

namespace DxEvents.EventStore.Chain;

/// <summary>
/// Chains the events stored before the chain existed, in sequence order per tenant, inside the migration's
/// transaction (appends wait on its table lock). The chain vouches for these rows only from the moment of the
/// migration on: whatever was done to them before is beyond its reach.
/// </summary>
internal static class ChainBackfill
{
    private const int Chunk = 1000;

    public static async Task RunAsync(NpgsqlConnection connection, NpgsqlTransaction tx, CancellationToken ct)
    {
        await Tenancy.SetAllTenantsAsync(connection, tx, ct);
        var tenants = new List<string>();
        await using (var list = new NpgsqlCommand("SELECT DISTINCT tenant_id FROM dx_events ORDER BY tenant_id", connection, tx))
        await using (var reader = await list.ExecuteReaderAsync(ct))
            while (await reader.ReadAsync(ct))
                tenants.Add(reader.GetString(0));

        foreach (var tenant in tenants)
        {
            var (position, hash, after) = (0L, ChainEncoding.Genesis.ToArray(), 0L);
            for (var rows = await ReadAsync(connection, tx, tenant, after, ct); rows.Count > 0; rows = await ReadAsync(connection, tx, tenant, after, ct))
            {
                var hashes = new byte[rows.Count][];
                var positions = new long[rows.Count];
                for (var i = 0; i < rows.Count; i++)
                {
                    positions[i] = ++position;
                    hashes[i] = hash = ChainEncoding.Hash(hash, tenant, position, rows[i]);
                }
                await using var update = new NpgsqlCommand("""
                    UPDATE dx_events e SET chain_pos = u.pos, hash = u.hash
                    FROM unnest($2::bigint[], $3::bigint[], $4::bytea[]) AS u(seq, pos, hash)
                    WHERE e.tenant_id = $1 AND e.seq = u.seq
                    """, connection, tx);
                update.Parameters.Add(new() { Value = tenant });
                update.Parameters.Add(new() { Value = rows.Select(r => r.Sequence).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint });
                update.Parameters.Add(new() { Value = positions, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint });
                update.Parameters.Add(new() { Value = hashes, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bytea });
                await update.ExecuteNonQueryAsync(ct);
                after = rows[^1].Sequence;
            }
            await using var head = new NpgsqlCommand("INSERT INTO dx_chain_heads (tenant_id, position, hash) VALUES ($1, $2, $3)", connection, tx);
            head.Parameters.Add(new() { Value = tenant });
            head.Parameters.Add(new() { Value = position });
            head.Parameters.Add(new() { Value = hash, NpgsqlDbType = NpgsqlDbType.Bytea });
            await head.ExecuteNonQueryAsync(ct);
        }

        await using var required = new NpgsqlCommand("ALTER TABLE dx_events ALTER COLUMN chain_pos SET NOT NULL, ALTER COLUMN hash SET NOT NULL", connection, tx);
        await required.ExecuteNonQueryAsync(ct);
    }

    private static async Task<List<ChainRecord>> ReadAsync(NpgsqlConnection connection, NpgsqlTransaction tx, string tenant, long after, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand($"""
            SELECT {ChainRows.Columns} FROM dx_events WHERE tenant_id = $1 AND seq > $2 ORDER BY seq LIMIT {Chunk}
            """, connection, tx);
        command.Parameters.Add(new() { Value = tenant });
        command.Parameters.Add(new() { Value = after });
        var rows = new List<ChainRecord>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            rows.Add(ChainRows.Read(reader));
        return rows;
    }
}
