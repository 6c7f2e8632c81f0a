using DxEvents.Api.Integrity;
using DxEvents.Api.Projections;
using DxEvents.EventStore.Tests.Support;
using static DxEvents.EventStore.Tests.Support.Plans;

namespace DxEvents.EventStore.Tests;

/// <summary>
/// Marten rebuilds the async projections from zero and gets what the daemon kept live: the KPI figures and the chain,
/// hash for hash. The damage done first is a bad deploy's or an administrator's: a rebuild must not depend on what is there.
/// </summary>
[Collection(DaemonCollection.Name)]
public sealed class RebuildTests : IAsyncLifetime
{
    private static readonly TimeSpan ShardTimeout = TimeSpan.FromSeconds(30);
    private readonly PostgresDatabase _db = new();

    public Task InitializeAsync() => _db.InitializeAsync();
    public Task DisposeAsync() => _db.DisposeAsync();

    [Fact]
    public async Task Rebuilding_the_figures_and_the_chain_after_damage_gives_what_the_daemon_kept_live()
    {
        using var store = await _db.OpenStoreAsync();
        await using var daemon = await Daemon.StartAsync(_db);
        var (mima, naruto) = (Tenant(), Tenant());
        await SeedAsync(store, mima);
        await SeedAsync(store, naruto, kpis: 1);
        await AppendAsync(store, mima, KpiStream("k1"), Measured("k1", 1, 100), Measured("k1", 2, 150));
        await AppendAsync(store, naruto, KpiStream("k1"), Measured("k1", 1, 5));
        await AppendAsync(store, mima, MeasureStream(), Started(), Budget(Measure, 1200));
        await AppendAsync(store, mima, KpiStream("k1"), Corrected("k1", 2, 160, previous: 150));
        await AppendAsync(store, mima, KpiStream("k2"), Measured("k2", 1, 30));
        await AppendAsync(store, naruto, KpiStream("k1"), Corrected("k1", 1, 6, previous: 5));
        await AppendAsync(store, mima, KpiStream("k1"), Corrected("k1", 2, 170, previous: 160));
        await daemon.CaughtUpAsync();
        var live = await StateAsync();

        await Sql.AsAdminAsync(_db, """
            UPDATE dxevents.mt_doc_kpifigure SET data = jsonb_set(jsonb_set(data, '{value}', '999'), '{corrections}', '7');
            DELETE FROM dxevents.mt_doc_kpifigure WHERE data->>'kpiId' = 'k2';
            DELETE FROM dxevents.dx_chain WHERE position > 2;
            UPDATE dxevents.dx_chain_heads SET hash = sha256(hash);
            """);
        var damaged = await StateAsync();
        await daemon.Projections.RebuildProjectionAsync(KpiFiguresProjection.ProjectionName, ShardTimeout, CancellationToken.None);
        await daemon.Projections.RebuildProjectionAsync(ChainSealer.Name, ShardTimeout, CancellationToken.None);
        var rebuilt = await StateAsync();

        // Hand-computed: mima k1 Q2 first 150, corrected twice to 170; naruto k1 Q1 first 5, corrected once to 6.
        Assert.Equal(Ledger.Figures(
            $"{mima} k1/2025/1 100 100 0", $"{mima} k1/2025/2 170 150 2", $"{mima} k2/2025/1 30 30 0",
            $"{naruto} k1/2025/1 6 5 1"), live.Figures);
        Assert.Equal((4 + 7, 3 + 2), (live.Links.Count(l => l.StartsWith(mima, StringComparison.Ordinal)), live.Links.Count(l => l.StartsWith(naruto, StringComparison.Ordinal))));
        Assert.NotEqual(live, damaged);
        Assert.Equal(live.Figures, rebuilt.Figures);
        Assert.Equal(live.Documents, rebuilt.Documents);
        Assert.Equal(live.Links, rebuilt.Links);
        Assert.Equal(live.Heads, rebuilt.Heads);
        var chain = new ChainReads(store);
        foreach (var tenant in new[] { mima, naruto })
            Assert.True((await chain.VerifyAsync(tenant)).Verification.Ok);
    }

    [Fact]
    public async Task A_daemon_started_afresh_continues_each_chain_from_its_stored_head()
    {
        using var store = await _db.OpenStoreAsync();
        var (mima, naruto) = (Tenant(), Tenant());
        await SeedAsync(store, mima);
        await using (var first = await Daemon.StartAsync(_db))
            await first.CaughtUpAsync();
        // A new process: its sealer knows no head and must read each municipality's from dx_chain_heads.
        await AppendAsync(store, mima, KpiStream("k1"), Measured("k1", 1, 10));
        await SeedAsync(store, naruto, kpis: 1);
        await using (var second = await Daemon.StartAsync(_db))
            await second.CaughtUpAsync();

        Assert.Empty(await Ledger.ChainFaultsAsync(_db));
        var chain = new ChainReads(store);
        Assert.Equal((5L, 0L), ((await chain.GetHeadAsync(mima)).Position, (await chain.VerifyAsync(mima)).Unsealed));
        Assert.Equal(3L, (await chain.GetHeadAsync(naruto)).Position);
        foreach (var tenant in new[] { mima, naruto })
            Assert.True((await chain.VerifyAsync(tenant)).Verification.Ok);
    }

    /// <summary>The projections' rows as stored: the figure documents whole, every link and head with its hash.</summary>
    private async Task<State> StateAsync()
    {
        await using var admin = await Sql.AdminAsync(_db);
        static List<string> Lines(List<object?[]> rows) => rows.Select(r => string.Join(' ', r)).ToList();
        return new State(
            await Ledger.FiguresAsync(_db),
            Lines(await Sql.RowsAsync(admin, "SELECT tenant_id, id, data::text FROM dxevents.mt_doc_kpifigure ORDER BY tenant_id, id")),
            Lines(await Sql.RowsAsync(admin, "SELECT tenant_id, position, seq_id, encode(hash, 'hex') FROM dxevents.dx_chain ORDER BY tenant_id, position")),
            Lines(await Sql.RowsAsync(admin, "SELECT tenant_id, position, seq_id, encode(hash, 'hex') FROM dxevents.dx_chain_heads ORDER BY tenant_id")));
    }

    private sealed record State(List<string> Figures, List<string> Documents, List<string> Links, List<string> Heads)
    {
        public bool Equals(State? other) => other is not null && Figures.SequenceEqual(other.Figures) && Documents.SequenceEqual(other.Documents)
            && Links.SequenceEqual(other.Links) && Heads.SequenceEqual(other.Heads);

        public override int GetHashCode() => Links.Count;
    }
}
