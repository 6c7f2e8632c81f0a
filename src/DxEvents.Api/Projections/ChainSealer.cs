using System.Diagnostics.Metrics;
using DxEvents.Api.Integrity;
using DxEvents.Integrity;
using JasperFx.Events;
using JasperFx.Events.Projections;
using Marten;
using Marten.Events.Projections;

namespace DxEvents.Api.Projections;

/// <summary>
/// Seals each municipality's events into its hash chain, in sequence order, on Marten's async daemon — off the append
/// path, so one municipality's appends never wait for each other. The daemon hands events over only below its
/// high-water mark and commits the links with its checkpoint, so each event is sealed exactly once; a unique link per
/// event turns any second sealing into a failed batch rather than a fork. Marten has no hash chain of its own: this
/// projection and its two tables are DxEvents' own.
/// </summary>
public sealed class ChainSealer : IProjection
{
    public const string Name = "dx_chain";
    public static readonly Meter Meter = new("DxEvents.Chain");
    private static readonly Histogram<double> Lag = Meter.CreateHistogram<double>("dxevents.chain.sealing.lag", "s",
        "Time from an event's recording to its sealing into the chain");

    // The last link this instance wrote per municipality. Trusted only for events after it: a replay (rebuild, or a
    // batch retried after a failure) starts at or before it, and then the head is read back from the database.
    private readonly Dictionary<string, Link> _heads = [];
    private readonly Lock _lock = new();

    public static void Configure(AsyncOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.DeleteDataInTableOnTeardown($"{EventStore.StoreSetup.Schema}.{ChainSchema.Links}");
        options.DeleteDataInTableOnTeardown($"{EventStore.StoreSetup.Schema}.{ChainSchema.Heads}");
    }

    public async Task ApplyAsync(IDocumentOperations operations, IReadOnlyList<IEvent> events, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(operations);
        var sealable = events.Where(e => e.EventTypeName != "tombstone" && e.TenantId is { Length: > 0 }).OrderBy(e => e.Sequence).ToList();
        if (sealable.Count == 0)
            return;
        var rows = await ChainRows.BySequenceAsync(operations, sealable.Select(e => e.Sequence).ToArray(), cancellation);
        var heads = await HeadsAsync(operations, sealable, cancellation);
        var links = new List<(string Tenant, Link Link)>(sealable.Count);
        foreach (var e in sealable)
        {
            var head = heads[e.TenantId];
            var position = head.Position + 1;
            var hash = ChainEncoding.Hash(head.Hash, e.TenantId, position, rows[e.Sequence] with { Position = position });
            heads[e.TenantId] = new Link(position, hash, e.Sequence);
            links.Add((e.TenantId, heads[e.TenantId]));
        }
        operations.QueueSqlCommand($"""
            insert into {EventStore.StoreSetup.Schema}.{ChainSchema.Links} (tenant_id, position, seq_id, hash)
            select * from unnest(?::varchar[], ?::bigint[], ?::bigint[], ?::bytea[])
            """, links.Select(l => l.Tenant).ToArray(), links.Select(l => l.Link.Position).ToArray(),
            links.Select(l => l.Link.Sequence).ToArray(), links.Select(l => l.Link.Hash).ToArray());
        foreach (var (tenant, head) in heads)
        {
            operations.QueueSqlCommand($"""
                insert into {EventStore.StoreSetup.Schema}.{ChainSchema.Heads} as h (tenant_id, position, seq_id, hash) values (?, ?, ?, ?)
                on conflict (tenant_id) do update set position = excluded.position, seq_id = excluded.seq_id, hash = excluded.hash, sealed_at = now()
                where h.position < excluded.position
                """, tenant, head.Position, head.Sequence, head.Hash);
        }
        lock (_lock)
        {
            foreach (var (tenant, head) in heads)
                _heads[tenant] = head;
        }
        var now = DateTimeOffset.UtcNow;
        foreach (var e in sealable)
            Lag.Record((now - e.Timestamp).TotalSeconds);
    }

    private async Task<Dictionary<string, Link>> HeadsAsync(IDocumentOperations operations, List<IEvent> events, CancellationToken ct)
    {
        var heads = new Dictionary<string, Link>();
        var unknown = new List<string>();
        lock (_lock)
        {
            foreach (var (tenant, first) in events.GroupBy(e => e.TenantId).Select(g => (g.Key, g.First().Sequence)))
            {
                if (_heads.TryGetValue(tenant, out var head) && head.Sequence < first)
                    heads[tenant] = head;
                else
                    unknown.Add(tenant);
            }
        }
        foreach (var tenant in unknown)
            heads[tenant] = Link.Genesis;
        if (unknown.Count > 0)
        {
            // Marten's multi-column SQL API reads each result from a row of its own.
            var stored = await operations.AdvancedSql.QueryAsync<string, long, string>(
                $"select row(tenant_id), row(position), row(encode(hash, 'hex')) from {EventStore.StoreSetup.Schema}.{ChainSchema.Heads} where tenant_id = ANY(?::varchar[])",
                ct, new object[] { unknown.ToArray() });
            foreach (var (tenant, position, hex) in stored)
                heads[tenant] = new Link(position, Convert.FromHexString(hex), 0);
        }
        return heads;
    }

    private sealed record Link(long Position, byte[] Hash, long Sequence)
    {
        public static Link Genesis => new(0, ChainEncoding.Genesis.ToArray(), 0);
    }
}
