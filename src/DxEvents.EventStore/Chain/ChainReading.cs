using System.Data;
using System.Runtime.CompilerServices;
using DxEvents.EventStore.Chain;
using Npgsql;
using NpgsqlTypes;

namespace DxEvents.EventStore;

/// <summary>Reading and verifying a tenant's hash chain.</summary>
public sealed partial class EventStore
{
    /// <summary>The tenant's head now, or the last event recorded up to <paramref name="asOf"/> (a prefix of the chain:
    /// recorded-at is taken under the head lock, so it never goes back along the chain).</summary>
    public Task<ChainHead> GetChainHeadAsync(string tenantId, DateTimeOffset? asOf = null, CancellationToken ct = default) =>
        InTenantAsync(tenantId, async (connection, tx) =>
        {
            await using var command = asOf is null
                ? new NpgsqlCommand("SELECT position, hash FROM dx_chain_heads WHERE tenant_id = $1", connection, tx)
                : new NpgsqlCommand("""
                    SELECT chain_pos, hash FROM dx_events WHERE tenant_id = $1 AND recorded_at <= $2 ORDER BY chain_pos DESC LIMIT 1
                    """, connection, tx);
            command.Parameters.Add(new() { Value = tenantId });
            if (asOf is { } instant)
                command.Parameters.Add(new() { Value = instant.ToUniversalTime(), NpgsqlDbType = NpgsqlDbType.TimestampTz });
            return await HeadAsync(command, ct);
        }, ct);

    /// <summary>The chain right after the event with this sequence: the history up to and including it.</summary>
    public Task<ChainHead> GetChainHeadAtSequenceAsync(string tenantId, long sequence, CancellationToken ct = default) =>
        InTenantAsync(tenantId, async (connection, tx) =>
        {
            await using var command = new NpgsqlCommand("SELECT chain_pos, hash FROM dx_events WHERE tenant_id = $1 AND seq = $2", connection, tx);
            command.Parameters.Add(new() { Value = tenantId });
            command.Parameters.Add(new() { Value = sequence });
            return await HeadAsync(command, ct);
        }, ct);

    /// <summary>Positions 1 to <paramref name="upToPosition"/> in chain order, streamed. Committed rows never change
    /// (short of tampering), so this needs no snapshot shared with the head it was given.</summary>
    public async IAsyncEnumerable<ChainRecord> ReadChainAsync(string tenantId, long upToPosition, [EnumeratorCancellation] CancellationToken ct = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        await Tenancy.SetTenantAsync(connection, tx, tenantId, ct);
        await using var command = new NpgsqlCommand(
            $"SELECT {ChainRows.Columns} FROM dx_events WHERE tenant_id = $1 AND chain_pos <= $2 ORDER BY chain_pos", connection, tx);
        command.Parameters.Add(new() { Value = tenantId });
        command.Parameters.Add(new() { Value = upToPosition });
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            yield return ChainRows.Read(reader);
    }

    /// <summary>
    /// Walks the tenant's chain against its head row, in one snapshot: the walk and any later look to explain a
    /// break import the snapshot exported here, so appends meanwhile change nothing they see.
    /// <paramref name="pinnedHash"/>: a head kept from earlier (a printed report's), checked to be an intact ancestor.
    /// </summary>
    public async Task<ChainVerification> VerifyChainAsync(string tenantId, byte[]? pinnedHash = null, CancellationToken ct = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, ct);
        await Tenancy.SetTenantAsync(connection, tx, tenantId, ct);
        await using var command = new NpgsqlCommand(
            "SELECT pg_export_snapshot(), (SELECT position FROM dx_chain_heads WHERE tenant_id = $1), (SELECT hash FROM dx_chain_heads WHERE tenant_id = $1)",
            connection, tx);
        command.Parameters.Add(new() { Value = tenantId });
        string snapshot;
        ChainHead head;
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            await reader.ReadAsync(ct);
            snapshot = reader.GetString(0);
            head = reader.IsDBNull(1) ? ChainHead.Empty : new ChainHead(reader.GetInt64(1), ChainEncoding.Hex(reader.GetFieldValue<byte[]>(2)));
        }
        var verification = await ChainVerifier.VerifyAsync(tenantId, head, (skip, c) => ReadSnapshotAsync(tenantId, snapshot, skip, c), ordered: true, pinnedHash, ct);
        await tx.CommitAsync(ct);
        return verification;
    }

    /// <summary>Every row of the tenant, chained or not, in chain order; a forged row without a position comes last.</summary>
    private async IAsyncEnumerable<ChainRecord> ReadSnapshotAsync(string tenantId, string snapshot, long skip, [EnumeratorCancellation] CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, ct);
        // Must come first in the transaction; the id is PostgreSQL's own (hex digits and dashes), never user input.
        await using (var import = new NpgsqlCommand($"SET TRANSACTION SNAPSHOT '{snapshot.Replace("'", "", StringComparison.Ordinal)}'", connection, tx))
            await import.ExecuteNonQueryAsync(ct);
        await Tenancy.SetTenantAsync(connection, tx, tenantId, ct);
        await using var command = new NpgsqlCommand(
            $"SELECT {ChainRows.Columns} FROM dx_events WHERE tenant_id = $1 ORDER BY chain_pos NULLS LAST, seq OFFSET $2", connection, tx);
        command.Parameters.Add(new() { Value = tenantId });
        command.Parameters.Add(new() { Value = skip });
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            yield return ChainRows.Read(reader);
    }

    private static async Task<ChainHead> HeadAsync(NpgsqlCommand command, CancellationToken ct)
    {
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? new ChainHead(reader.GetInt64(0), ChainEncoding.Hex(reader.GetFieldValue<byte[]>(1))) : ChainHead.Empty;
    }
}
