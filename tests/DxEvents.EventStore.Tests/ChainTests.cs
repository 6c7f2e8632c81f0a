using DxEvents.EventStore.Chain;

namespace DxEvents.EventStore.Tests;

public sealed class ChainTests(SharedDatabase db) : IClassFixture<SharedDatabase>
{
    private readonly EventStore _store = new(db.DataSource);

    [Fact]
    public async Task Concurrent_appends_of_one_tenant_form_one_chain_in_sequence_and_recorded_at_order()
    {
        var tenant = Make.Tenant();
        await Task.WhenAll(Enumerable.Range(0, 8).Select(w => Task.Run(async () =>
        {
            for (var i = 0; i < 5; i++)
                await _store.AppendAsync(tenant, [Make.Stream($"a/{w}/{i}", ExpectedVersion.NoStream, Make.Event(n: i), Make.Event(n: i + 1)),
                    Make.Stream($"b/{w}/{i}", ExpectedVersion.NoStream, Make.Event(n: -i))]);
        })));

        var chain = await ChainAsync(tenant);
        var verification = await _store.VerifyChainAsync(tenant);

        Assert.True(verification.Ok, verification.Break?.Detail);
        Assert.Equal(8 * 5 * 3, verification.Count);
        Assert.Equal(verification.Verified, await _store.GetChainHeadAsync(tenant));
        Assert.Equal(Enumerable.Range(1, 120).Select(p => (long?)p), chain.Select(r => r.Position));
        Assert.Equal(chain.Select(r => r.Sequence).Order(), chain.Select(r => r.Sequence));
        Assert.Equal(chain.Select(r => r.RecordedAt).Order(), chain.Select(r => r.RecordedAt));
    }

    [Fact]
    public async Task The_head_as_of_an_instant_is_the_last_event_recorded_by_then()
    {
        var tenant = Make.Tenant();
        var first = await _store.AppendAsync(tenant, Make.Stream("s", ExpectedVersion.NoStream, Make.Event(), Make.Event()));
        var second = await _store.AppendAsync(tenant, Make.Stream("s", ExpectedVersion.Exactly(2), Make.Event()));

        var atFirst = await _store.GetChainHeadAsync(tenant, first.Events[^1].RecordedAt);
        var chain = await ChainAsync(tenant);

        Assert.Equal(new ChainHead(2, ChainEncoding.Hex(chain[1].Hash)), atFirst);
        Assert.Equal(ChainHead.Empty, await _store.GetChainHeadAsync(tenant, first.Events[0].RecordedAt.AddTicks(-10)));
        Assert.Equal(await _store.GetChainHeadAsync(tenant), await _store.GetChainHeadAtSequenceAsync(tenant, second.Events[0].Sequence));
        Assert.Equal(3, (await _store.GetChainHeadAsync(tenant)).Position);
    }

    [Fact]
    public async Task A_kept_head_is_an_intact_ancestor_until_history_before_it_is_altered()
    {
        var tenant = Make.Tenant();
        await AppendAsync(tenant, 4);
        var kept = await _store.GetChainHeadAsync(tenant);
        await AppendAsync(tenant, 3, "later");

        var intact = await _store.VerifyChainAsync(tenant, Convert.FromHexString(kept.Hash));
        var unknown = await _store.VerifyChainAsync(tenant, new byte[32].Select(_ => (byte)7).ToArray());
        await TamperAsync(tenant, "UPDATE dx_events SET data = '{\"n\": 99}' WHERE tenant_id = $1 AND chain_pos = 2");
        var afterTampering = await _store.VerifyChainAsync(tenant, Convert.FromHexString(kept.Hash));

        Assert.Equal(new PinnedHead(kept.Hash, 4, true), intact.Pinned);
        Assert.False(unknown.Pinned!.Extends);
        Assert.False(afterTampering.Pinned!.Extends);
        Assert.Equal(2, afterTampering.Break!.Position);
    }

    private async Task AppendAsync(string tenant, int count, string stream = "s")
    {
        for (var i = 1; i <= count; i++)
            await _store.AppendAsync(tenant, Make.Stream($"{stream}/{i}", ExpectedVersion.NoStream, Make.Event(n: i)));
    }

    private async Task<List<ChainRecord>> ChainAsync(string tenant)
    {
        var records = new List<ChainRecord>();
        await foreach (var r in _store.ReadChainAsync(tenant, long.MaxValue))
            records.Add(r);
        return records;
    }

    private async Task TamperAsync(string tenant, string sql)
    {
        await using var admin = new Npgsql.NpgsqlConnection(db.AdminConnectionString ?? throw new InvalidOperationException("Set DXEVENTS_DB_ADMIN (./ops/test does)."));
        await admin.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand(sql, admin);
        command.Parameters.Add(new() { Value = tenant });
        await command.ExecuteNonQueryAsync();
    }
}
