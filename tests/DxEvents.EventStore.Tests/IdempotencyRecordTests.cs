using DxEvents.Api.EventStore;
using DxEvents.Api.Projections;
using DxEvents.EventStore.Tests.Support;
using JasperFx;
using Marten;
using static DxEvents.EventStore.Tests.Support.Plans;

namespace DxEvents.EventStore.Tests;

/// <summary>
/// Idempotent commands (docs/event-store.md) at the store: the Idempotency-Key is a Marten document inserted in the same transaction as the events,
/// so of two twins in flight at once exactly one commits — record and events — whatever streams they write.
/// </summary>
public sealed class IdempotencyRecordTests(StoreFixture fixture) : IClassFixture<StoreFixture>
{
    private const int Keys = 8;
    private readonly DocumentStore _store = fixture.Store;

    [Fact]
    public async Task Of_two_concurrent_twins_with_one_key_exactly_one_commits_and_only_its_event_is_stored()
    {
        var tenant = Tenant();
        await SeedAsync(_store, tenant, kpis: 2 * Keys);

        // Every twin writes a stream of its own, so only the key can stop one of them.
        var results = await Task.WhenAll(Enumerable.Range(1, Keys).Select(async i =>
        {
            var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var twins = new[] { ($"k{(2 * i) - 1}", (decimal)i), ($"k{2 * i}", 100m + i) }.Select(t => Task.Run(async () =>
            {
                await using var session = _store.LightweightSession(tenant);
                var eventId = session.Events.Append(KpiStream(t.Item1), Measured(t.Item1, 1, t.Item2)).Events[0].Id;
                session.Insert(new IdempotencyRecord { Key = $"key-{i}", RequestHash = "same request", EventIds = [eventId] });
                await ready.Task.WaitAsync(TimeSpan.FromSeconds(30));
                try
                {
                    await session.SaveChangesAsync();
                    return new Twin(eventId, null);
                }
                catch (DocumentAlreadyExistsException e)
                {
                    return new Twin(Guid.Empty, e);
                }
            })).ToList();
            ready.SetResult();
            return ($"key-{i}", await Task.WhenAll(twins));
        }));

        await using var query = _store.QuerySession(tenant);
        var stored = await query.Events.QueryAllRawEvents().Where(e => e.EventTypeName == "KpiMeasured").ToListAsync();
        Assert.Equal(Keys, stored.Count);
        foreach (var (key, twins) in results)
        {
            var winner = Assert.Single(twins, t => t.Refused is null).Committed;
            Assert.Single(twins, t => t.Refused is DocumentAlreadyExistsException);
            Assert.Equal([winner], (await query.LoadAsync<IdempotencyRecord>(key))!.EventIds);
            Assert.Single(stored, e => e.Id == winner);
        }
    }

    [Fact]
    public async Task The_same_key_in_another_municipality_is_another_key()
    {
        var (mima, naruto) = (Tenant(), Tenant());
        foreach (var tenant in new[] { mima, naruto })
        {
            await SeedAsync(_store, tenant, kpis: 1);
            await using var session = _store.LightweightSession(tenant);
            session.Events.Append(KpiStream("k1"), Measured("k1", 1, 7));
            session.Insert(new IdempotencyRecord { Key = "key-1", RequestHash = tenant });
            await session.SaveChangesAsync();
        }

        foreach (var tenant in new[] { mima, naruto })
        {
            await using var query = _store.QuerySession(tenant);
            Assert.Equal(tenant, (await query.LoadAsync<IdempotencyRecord>("key-1"))!.RequestHash);
        }
    }

    private sealed record Twin(Guid Committed, Exception? Refused);
}
