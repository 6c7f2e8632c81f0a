using DxEvents.Api.Integrity;
using DxEvents.Api.Projections;
using DxEvents.EventStore.Tests.Support;
using DxEvents.Integrity;
using Marten;
using static DxEvents.EventStore.Tests.Support.Plans;

namespace DxEvents.EventStore.Tests;

/// <summary>
/// The head a report pins (docs/chain.md): the last link at or before what the report saw, and whether every event it saw
/// is sealed yet. Read in one round trip, with the municipality set for row-level security in the same batch.
/// </summary>
[Collection(DaemonCollection.Name)]
public sealed class ChainPinTests : IAsyncLifetime
{
    private readonly PostgresDatabase _db = new();
    private DocumentStore _store = null!;

    public async Task InitializeAsync()
    {
        await _db.InitializeAsync();
        _store = await _db.OpenStoreAsync();
    }

    public async Task DisposeAsync()
    {
        _store.Dispose();
        await _db.DisposeAsync();
    }

    [Fact]
    public async Task A_pin_names_the_last_sealed_link_a_report_saw_and_says_whether_everything_it_saw_is_sealed()
    {
        var (mima, naruto) = (Tenant(), Tenant());
        await SeedAsync(_store, mima, kpis: 1);
        await SeedAsync(_store, naruto, kpis: 1);
        var chain = new ChainReads(_store);

        // Nothing sealed yet: the empty head, and not complete.
        var seeded = await LastSequenceAsync(mima);
        var before = await chain.PinAtSequenceAsync(mima, seeded);
        Assert.Equal(new ChainPin(ChainHead.Empty, Complete: false), before);

        await using (var daemon = await Daemon.StartAsync(_db))
            await daemon.CaughtUpAsync();
        var sealedAt = DateTimeOffset.UtcNow;
        var sealedHead = await chain.GetHeadAsync(mima);
        Assert.True(sealedHead.Position > 0);
        Assert.Equal(new ChainPin(sealedHead, Complete: true), await chain.PinAtSequenceAsync(mima, seeded));
        await Task.Delay(10);

        // Two later figures while the sealer is off: a pin past them keeps the sealed head and is not complete; a pin up
        // to what was sealed is; another municipality's pin is not touched by them.
        await AppendAsync(_store, mima, KpiStream("k1"), Measured("k1", 1, 10));
        await AppendAsync(_store, mima, KpiStream("k1"), Measured("k1", 2, 11));
        var later = await LastSequenceAsync(mima);
        Assert.Equal(new ChainPin(sealedHead, Complete: false), await chain.PinAtSequenceAsync(mima, later));
        Assert.Equal(new ChainPin(sealedHead, Complete: false), await chain.PinAsOfAsync(mima, DateTimeOffset.UtcNow));
        Assert.Equal(new ChainPin(sealedHead, Complete: true), await chain.PinAsOfAsync(mima, sealedAt));
        var narutoHead = await chain.GetHeadAsync(naruto);
        Assert.Equal(new ChainPin(narutoHead, Complete: true), await chain.PinAsOfAsync(naruto, DateTimeOffset.UtcNow));

        await using (var daemon = await Daemon.StartAsync(_db))
            await daemon.CaughtUpAsync();
        var head = await chain.GetHeadAsync(mima);
        Assert.Equal(sealedHead.Position + 2, head.Position);
        Assert.Equal(new ChainPin(head, Complete: true), await chain.PinAtSequenceAsync(mima, later));
        Assert.Equal(new ChainPin(sealedHead, Complete: true), await chain.PinAtSequenceAsync(mima, seeded));
        // A municipality with nothing recorded: the empty head, complete.
        Assert.Equal(new ChainPin(ChainHead.Empty, Complete: true), await chain.PinAtSequenceAsync(Tenant(), later));
    }

    private async Task<long> LastSequenceAsync(string tenant)
    {
        await using var admin = await Sql.AdminAsync(_db);
        return await Sql.ScalarAsync<long>(admin, $"SELECT max(seq_id) FROM dxevents.mt_events WHERE tenant_id = '{tenant}'");
    }
}
