using DxEvents.EventStore;

namespace DxEvents.EventStore.Tests;

public sealed class ConcurrencyTests(SharedDatabase db) : IClassFixture<SharedDatabase>
{
    [Fact]
    public async Task Of_32_concurrent_appends_at_the_same_expected_version_exactly_one_wins()
    {
        var store = new EventStore(db.DataSource);
        var tenant = Make.Tenant();
        await store.AppendAsync(tenant, Make.Stream("race", ExpectedVersion.NoStream, Make.Event(n: 0), Make.Event(n: 0)));

        using var start = new ManualResetEventSlim();
        var attempts = Enumerable.Range(1, 32).Select(n => Task.Run(async () =>
        {
            start.Wait();
            try
            {
                await store.AppendAsync(tenant, Make.Stream("race", ExpectedVersion.Exactly(2), Make.Event(n: n), Make.Event(n: n)));
                return n;
            }
            catch (ConcurrencyException)
            {
                return -1;
            }
        })).ToList();
        start.Set();
        var outcomes = await Task.WhenAll(attempts);

        var winner = Assert.Single(outcomes, o => o > 0);
        var events = await store.ReadStreamAsync(tenant, "race");
        Assert.Equal([1L, 2L, 3L, 4L], events.Select(e => e.Version));
        Assert.All(events.Skip(2), e => Assert.Equal($$"""{"n": {{winner}}}""", e.Data));
        Assert.Equal(4L, await store.GetStreamVersionAsync(tenant, "race"));
        Assert.Equal(4L, await store.InTenantAsync(tenant, async (connection, tx) =>
        {
            await using var count = new Npgsql.NpgsqlCommand("SELECT count(*) FROM dx_events", connection, tx);
            return (long)(await count.ExecuteScalarAsync())!;
        }));
    }
}
