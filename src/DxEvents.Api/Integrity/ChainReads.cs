using System.Data;
using System.Runtime.CompilerServices;
using DxEvents.Api.EventStore;
using DxEvents.Api.Projections;
using DxEvents.Integrity;
using Marten;
using Npgsql;
using NpgsqlTypes;

namespace DxEvents.Api.Integrity;

/// <summary>A head and whether it covers everything asked for: false while the sealer has not reached all of it yet
/// (then the head is the sealed horizon: every event up to it is sealed, later ones follow within the sealing lag).</summary>
public sealed record ChainPin(ChainHead Head, bool Complete);

/// <summary>The verification and what it could not cover yet: events committed but not yet sealed.</summary>
public sealed record ChainCheck(ChainVerification Verification, ChainHead Head, long Unsealed);

/// <summary>
/// Reads of the chain for verification, exports and the heads reports pin. These read the rows exactly as stored (the
/// hash covers those bytes), with the municipality set for row-level security, so raw SQL on the request path's role.
/// </summary>
public sealed class ChainReads(IDocumentStore store)
{
    private static readonly string S = StoreSetup.Schema;

    public Task<ChainHead> GetHeadAsync(string tenant, CancellationToken ct = default) =>
        InOneTripAsync(tenant, $"select position, hash from {S}.{ChainSchema.Heads} where tenant_id = $1", [],
            async reader => await reader.ReadAsync(ct) ? Head(reader) : ChainHead.Empty, ct);

    /// <summary>The head right after <paramref name="sequence"/>: what a report that saw events up to it pins.</summary>
    public Task<ChainPin> PinAtSequenceAsync(string tenant, long sequence, CancellationToken ct = default) =>
        PinAsync(tenant, "c.seq_id <= $2", "e.seq_id <= $2", new() { Value = sequence, NpgsqlDbType = NpgsqlDbType.Bigint }, ct);

    /// <summary>The head of what was recorded up to an instant: the last sealed event recorded by then.</summary>
    public Task<ChainPin> PinAsOfAsync(string tenant, DateTimeOffset asOf, CancellationToken ct = default) =>
        PinAsync(tenant, "e.timestamp <= $2", "e.timestamp <= $2", new() { Value = asOf.ToUniversalTime(), NpgsqlDbType = NpgsqlDbType.TimestampTz }, ct);

    /// <summary>The last link meeting <paramref name="linked"/> and the count of events meeting <paramref name="events"/>
    /// that have none, in one statement: one snapshot, so the two agree without a repeatable-read transaction.</summary>
    private Task<ChainPin> PinAsync(string tenant, string linked, string events, NpgsqlParameter bound, CancellationToken ct) =>
        InOneTripAsync(tenant, $"select {PinColumns(events)} from (select 1) one {PinJoin(linked)}", [bound], async reader =>
            {
                await reader.ReadAsync(ct);
                return ReadPin(reader, 0)!;
            }, ct);

    /// <summary>
    /// The pin at a sequence, as three columns (<see cref="ReadPin"/>) of a caller's statement that joins
    /// <see cref="PinAtSequenceJoin"/>, so that a stored report and the head it pins are read in one round trip and one snapshot.
    /// <paramref name="sequence"/> is an SQL expression of the statement (a column of a row it reads); $1 is the municipality.
    /// Only where <paramref name="needed"/> holds is the pin read at all (its columns are null otherwise): a caller that
    /// kept a complete pin needs none, as a complete pin at a sequence stays what it is.
    /// </summary>
    public static string PinAtSequenceColumns(string sequence, string needed = "true") => PinColumns($"e.seq_id <= {sequence}", needed);

    /// <summary>The join that <see cref="PinAtSequenceColumns"/> reads from.</summary>
    public static string PinAtSequenceJoin(string sequence, string needed = "true") => PinJoin($"{needed} and c.seq_id <= {sequence}");

    private static string PinColumns(string events, string needed = "true") => $"""
        h.position, h.hash, case when {needed} then (select count(*) from {S}.mt_events e where e.tenant_id = $1 and e.type <> 'tombstone' and {events}
            and not exists (select 1 from {S}.{ChainSchema.Links} c where c.seq_id = e.seq_id)) end
        """;

    private static string PinJoin(string linked) => $"""
        left join lateral (
            select c.position, c.hash from {S}.{ChainSchema.Links} c join {S}.mt_events e on e.seq_id = c.seq_id
            where c.tenant_id = $1 and {linked} order by c.position desc limit 1) h on true
        """;

    /// <summary>The pin from the three columns at <paramref name="first"/> (<see cref="PinAtSequenceColumns"/>); null where
    /// it was not needed.</summary>
    public static ChainPin? ReadPin(NpgsqlDataReader reader, int first)
    {
        ArgumentNullException.ThrowIfNull(reader);
        if (reader.IsDBNull(first + 2))
            return null;
        var head = reader.IsDBNull(first) ? ChainHead.Empty : new ChainHead(reader.GetInt64(first), ChainEncoding.Hex(reader.GetFieldValue<byte[]>(first + 1)));
        return new ChainPin(head, reader.GetInt64(first + 2) == 0);
    }

    /// <summary>
    /// A pin that covers everything asked for, waiting for the sealer up to <paramref name="wait"/> (it runs a moment behind
    /// the appends); null when it has not caught up by then. For what must not leave out a sealed-late event: exports.
    /// </summary>
    public async Task<ChainHead?> WaitForCompleteAsync(Func<CancellationToken, Task<ChainPin>> pin, TimeSpan wait, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(pin);
        ChainPin? last = null;
        return await Settling.UntilAsync(async c => (last = await pin(c)).Complete, wait, ct) ? last!.Head : null;
    }

    /// <summary>Positions 1..<paramref name="upToPosition"/> in chain order, streamed (exports).</summary>
    public async IAsyncEnumerable<ChainRecord> ReadChainAsync(string tenant, long upToPosition, [EnumeratorCancellation] CancellationToken ct = default)
    {
        await using var connection = await OpenAsync(tenant, ct);
        await using var tx = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, ct);
        await SetTenantAsync(connection, tenant, ct);
        await using var command = new NpgsqlCommand($"""
            select {ChainRows.Columns} from {S}.{ChainSchema.Links} c join {S}.mt_events e on e.seq_id = c.seq_id
            where c.tenant_id = $1 and c.position <= $2 order by c.position
            """, connection, tx);
        command.Parameters.Add(new() { Value = tenant });
        command.Parameters.Add(new() { Value = upToPosition });
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            yield return ChainRows.Read(reader);
    }

    /// <summary>
    /// Walks the municipality's chain against its head row, in one snapshot: the walk and any later look to explain a
    /// break import the snapshot exported here, so appends meanwhile change nothing they see. Events the sealer has not
    /// reached yet are counted, not judged; an event it has passed without a link is judged (inserted).
    /// </summary>
    public async Task<ChainCheck> VerifyAsync(string tenant, byte[]? pinnedHash = null, CancellationToken ct = default)
    {
        await using var connection = await OpenAsync(tenant, ct);
        await using var tx = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, ct);
        // Everything in one round trip, in one snapshot: the sealer's progress, the head, the unsealed count, the archived
        // streams and the walk's rows (whose bound is the same progress, read again in the same snapshot).
        var sealedThroughSql = $"coalesce((select last_seq_id from {S}.mt_event_progression where name = '{ChainSealer.Name}:All'), 0)";
        await using var batch = SnapshotCommand(connection, tenant, sealedThroughSql, null, 0);
        batch.Transaction = tx;
        batch.BatchCommands.Insert(0, TenantCommand(tenant));
        batch.BatchCommands.Insert(2, new($"select pg_export_snapshot(), {sealedThroughSql}"));
        batch.BatchCommands.Insert(3, new($"select position, hash from {S}.{ChainSchema.Heads} where tenant_id = $1") { Parameters = { new() { Value = tenant } } });
        batch.BatchCommands.Insert(4, new($"""
            select count(*) from {S}.mt_events e where e.tenant_id = $1 and e.type <> 'tombstone' and e.seq_id > {sealedThroughSql}
            and not exists (select 1 from {S}.{ChainSchema.Links} c where c.seq_id = e.seq_id)
            """) { Parameters = { new() { Value = tenant } } });
        batch.BatchCommands.Insert(5, new($"select id from {S}.mt_streams where tenant_id = $1 and is_archived") { Parameters = { new() { Value = tenant } } });
        await using var reader = await batch.ExecuteReaderAsync(ct);
        await reader.NextResultAsync(ct);
        await reader.NextResultAsync(ct);
        await reader.ReadAsync(ct);
        var (snapshot, sealedThrough) = (reader.GetString(0), reader.GetInt64(1));
        await reader.NextResultAsync(ct);
        var head = await reader.ReadAsync(ct) ? Head(reader) : ChainHead.Empty;
        await reader.NextResultAsync(ct);
        await reader.ReadAsync(ct);
        var unsealed = reader.GetInt64(0);
        await reader.NextResultAsync(ct);
        var archivedStreams = new HashSet<string>(StringComparer.Ordinal);
        while (await reader.ReadAsync(ct))
            archivedStreams.Add(reader.GetString(0));
        await reader.NextResultAsync(ct);
        // The walk reads in this transaction, which holds the snapshot; a break's explanation reads it again elsewhere.
        var cursor = new ChainRows.Cursor(reader, tenant, archivedStreams);
        var verification = await ChainVerifier.VerifyAsync(tenant, head, cursor,
            (skip, c) => ReadSnapshotAsync(tenant, snapshot, sealedThrough, skip, c), ordered: true, pinnedHash, ct);
        if (verification.Ok && cursor.Hidden is { } hidden)
            verification = verification with { Break = Hidden(hidden.Position, hidden.Sequence, hidden.EventArchived) };
        await reader.DisposeAsync();
        await tx.CommitAsync(ct);
        return new ChainCheck(verification, head, unsealed);
    }

    /// <summary>Every event of the municipality the sealer has passed, linked or not, in chain order; an event without
    /// a link comes last. Links whose event is gone leave a gap in the positions.</summary>
    private async IAsyncEnumerable<ChainRecord> ReadSnapshotAsync(
        string tenant, string snapshot, long sealedThrough, long skip, [EnumeratorCancellation] CancellationToken ct)
    {
        await using var connection = await OpenAsync(tenant, ct);
        await using var tx = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, ct);
        // Must come first in the transaction; the id is PostgreSQL's own (hex digits and dashes), never user input.
        await using (var import = new NpgsqlCommand($"SET TRANSACTION SNAPSHOT '{snapshot.Replace("'", "", StringComparison.Ordinal)}'", connection, tx))
            await import.ExecuteNonQueryAsync(ct);
        await SetTenantAsync(connection, tenant, ct);
        await using var command = SnapshotCommand(connection, tenant, "$2", sealedThrough, skip);
        command.Transaction = tx;
        await using var reader = await command.ExecuteReaderAsync(ct);
        await reader.NextResultAsync(ct);
        while (await reader.ReadAsync(ct))
            yield return ChainRows.Read(reader);
    }

    /// <summary>
    /// The snapshot's rows (<see cref="ReadSnapshotAsync"/>) after the settings the query wants, in one round trip. The sort
    /// fits in memory where the default work_mem spilled it to disk (a municipality's rows with their data: about 500
    /// bytes an event), and a statement run once never repays compiling it with JIT. Both end with the transaction.
    /// </summary>
    /// <param name="sealedThroughSql">The sealer's progress: "$2" with <paramref name="sealedThrough"/>, or SQL that reads it.</param>
    internal static NpgsqlBatch SnapshotCommand(NpgsqlConnection connection, string tenant, string sealedThroughSql, long? sealedThrough, long skip)
    {
        var rows = new NpgsqlBatchCommand($"""
            select {ChainRows.Columns} from {S}.mt_events e left join {S}.{ChainSchema.Links} c on c.seq_id = e.seq_id
            where e.tenant_id = $1 and e.type <> 'tombstone' and (c.seq_id is not null or e.seq_id <= {sealedThroughSql})
            order by c.position nulls last, e.seq_id offset {skip}
            """) { Parameters = { new() { Value = tenant } } };
        if (sealedThrough is { } bound)
            rows.Parameters.Add(new() { Value = bound });
        return new(connection) { BatchCommands = { new("select set_config('work_mem', '64MB', true), set_config('jit', 'off', true)"), rows } };
    }

    /// <summary>
    /// The first sealed event that reads no longer show although its hash still fits: archived (Marten leaves archived
    /// events and streams out of stream histories and queries), a column dxevents-chain/2 does not cover. The event table
    /// refuses such a change (AppendOnlyEvents); this names it when an administrator switched the trigger off.
    /// </summary>
    private static ChainBreak Hidden(long position, long sequence, bool eventArchived)
    {
        var what = eventArchived ? "the event is marked archived (mt_events.is_archived)" : "its stream is marked archived (mt_streams.is_archived)";
        return new ChainBreak(position, ChainBreakKind.Altered,
            $"{what}: reads no longer show this sealed event, although its hash still fits", position - 1, sequence);
    }

    private static ChainHead Head(NpgsqlDataReader reader) => new(reader.GetInt64(0), ChainEncoding.Hex(reader.GetFieldValue<byte[]>(1)));

    /// <summary>
    /// One query with the municipality set for it, in a single round trip: the batch's statements share one implicit
    /// transaction (Npgsql ends a batch with one Sync), so the local setting holds for the query and ends with it.
    /// $1 is the municipality; <paramref name="parameters"/> follow it.
    /// </summary>
    public async Task<T> InOneTripAsync<T>(string tenant, string sql, IEnumerable<NpgsqlParameter> parameters, Func<NpgsqlDataReader, Task<T>> read, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(read);
        await using var connection = await OpenAsync(tenant, ct);
        var query = new NpgsqlBatchCommand(sql) { Parameters = { new() { Value = tenant } } };
        foreach (var parameter in parameters)
            query.Parameters.Add(parameter);
        await using var batch = new NpgsqlBatch(connection) { BatchCommands = { TenantCommand(tenant), query } };
        await using var reader = await batch.ExecuteReaderAsync(ct);
        await reader.NextResultAsync(ct);
        return await read(reader);
    }

    /// <summary>A connection to the municipality's database (with extra databases, not every one is the main one).</summary>
    private async Task<NpgsqlConnection> OpenAsync(string tenant, CancellationToken ct)
    {
        var connection = (await store.Storage.FindOrCreateDatabase(tenant)).CreateConnection();
        await connection.OpenAsync(ct);
        return connection;
    }

    // Marten sets the municipality on its sessions' connections; these are opened here to import a snapshot as the
    // transaction's first statement, so they set it themselves, local to the transaction.
    private static async Task SetTenantAsync(NpgsqlConnection connection, string tenant, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(TenantSql, connection);
        command.Parameters.Add(new() { Value = Tenancy.Require(tenant) });
        await command.ExecuteNonQueryAsync(ct);
    }

    private static readonly string TenantSql = $"select set_config('{StoreSetup.TenantSetting}', $1, true)";

    /// <summary>The municipality set for row-level security, local to the transaction of the batch it leads.</summary>
    internal static NpgsqlBatchCommand TenantCommand(string tenant) => new(TenantSql) { Parameters = { new() { Value = Tenancy.Require(tenant) } } };
}
