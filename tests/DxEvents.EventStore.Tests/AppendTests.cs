using DxEvents.Api.EventStore;
using DxEvents.Api.Projections;
using DxEvents.EventStore.Tests.Support;
using JasperFx;
using JasperFx.Events;
using Marten;
using ExistingStreamIdCollisionException = Marten.Exceptions.ExistingStreamIdCollisionException;
using static DxEvents.EventStore.Tests.Support.Plans;

namespace DxEvents.EventStore.Tests;

/// <summary>Eventuous' four append cases, through Marten sessions with the service's configuration.</summary>
public sealed class AppendTests(StoreFixture fixture) : IClassFixture<StoreFixture>
{
    private readonly DocumentStore _store = fixture.Store;
    private readonly string _tenant = Tenant();

    [Fact]
    public async Task A_new_stream_starts_at_version_one_and_stores_the_record_names_as_event_types()
    {
        await SeedAsync(_store, _tenant, kpis: 1);
        var measure = MeasureStream("m2");
        await using (var session = _store.LightweightSession(_tenant))
        {
            session.Events.StartStream(measure, Registered("m2"), Started("m2"), Budget("m2", 1200));
            await session.SaveChangesAsync();
        }
        await AppendAsync(_store, _tenant, KpiStream("k1"), Measured("k1", 1, 42));

        await using var query = _store.QuerySession(_tenant);
        var events = await query.Events.FetchStreamAsync(measure);
        Assert.Equal([1L, 2L, 3L], events.Select(e => e.Version));
        Assert.True(events[0].Sequence < events[1].Sequence && events[1].Sequence < events[2].Sequence);
        Assert.Equal(3, (await query.Events.FetchStreamStateAsync(measure))!.Version);
        // What an auditor reading mt_events sees: the record names, nothing of .NET.
        Assert.Equal(["KpiDefined", "MeasureRegistered", "MeasureStarted", "BudgetRevised", "KpiMeasured"], await TypesAsync(measure, KpiStream("k1")));
    }

    [Fact]
    public async Task Appending_one_by_one_at_the_expected_version_succeeds()
    {
        await SeedAsync(_store, _tenant);
        var stream = KpiStream("k1");
        for (var (quarter, version) = (1, 1L); quarter <= 4; quarter++, version++)
        {
            await using var session = _store.LightweightSession(_tenant);
            var fetched = await session.Events.FetchForWriting<KpiStream>(stream, version);
            fetched.AppendOne(Measured("k1", quarter, quarter * 10));
            await session.SaveChangesAsync();
        }

        await using var query = _store.QuerySession(_tenant);
        Assert.Equal(5, (await query.Events.FetchStreamStateAsync(stream))!.Version);
        Assert.Equal([1L, 2L, 3L, 4L, 5L], (await query.Events.FetchStreamAsync(stream)).Select(e => e.Version));
    }

    [Fact]
    public async Task An_expected_version_on_a_new_stream_is_refused_and_stores_nothing()
    {
        await SeedAsync(_store, _tenant);
        var missing = MeasureStream("m9");

        // Starting a stream that exists; appending two events to reach version 3 (so "I saw version 1") on one that does
        // not; fetching that one for writing at version 1.
        await Assert.ThrowsAsync<ExistingStreamIdCollisionException>(() =>
            InSessionAsync(s => s.Events.StartStream(KpiStream("k1"), Measured("k1", 1, 1))));
        await Assert.ThrowsAsync<EventStreamUnexpectedMaxEventIdException>(() =>
            InSessionAsync(s => s.Events.Append(missing, 3, Registered("m9"), Started("m9"))));
        await Assert.ThrowsAsync<ConcurrencyException>(() => InSessionAsync(async s =>
            (await s.Events.FetchForWriting<MeasureStream>(missing, 1)).AppendOne(Registered("m9"))));

        await using var query = _store.QuerySession(_tenant);
        Assert.Null(await query.Events.FetchStreamStateAsync(missing));
        Assert.Empty(await query.Events.FetchStreamAsync(missing));
        Assert.Equal(["KpiDefined"], await TypesAsync(KpiStream("k1")));
    }

    [Fact]
    public async Task A_stale_expected_version_is_refused_and_stores_nothing()
    {
        await SeedAsync(_store, _tenant);
        var stream = KpiStream("k1");
        await AppendAsync(_store, _tenant, stream, Measured("k1", 1, 10), Measured("k1", 2, 20));

        var error = await Assert.ThrowsAsync<ConcurrencyException>(() => InSessionAsync(async s =>
            (await s.Events.FetchForWriting<KpiStream>(stream, 2)).AppendOne(Corrected("k1", 1, 11, previous: 10))));
        // Marten's Append names the version after the append: 3 says "I saw version 2".
        await Assert.ThrowsAsync<EventStreamUnexpectedMaxEventIdException>(() =>
            InSessionAsync(s => s.Events.Append(stream, 3, Corrected("k1", 1, 11, previous: 10))));

        Assert.Equal("Expected the existing version to be 2, but was 3", error.Message);
        await using var query = _store.QuerySession(_tenant);
        Assert.Equal(3, (await query.Events.FetchStreamStateAsync(stream))!.Version);
        Assert.Equal(["KpiDefined", "KpiMeasured", "KpiMeasured"], await TypesAsync(stream));
    }

    [Fact]
    public async Task A_command_on_several_streams_stores_all_its_events_or_none()
    {
        await SeedAsync(_store, _tenant);
        await AppendAsync(_store, _tenant, KpiStream("k2"), Measured("k2", 1, 5));

        // The second stream is stale, so the first stream's events must not stay either.
        await Assert.ThrowsAsync<EventStreamUnexpectedMaxEventIdException>(() => InSessionAsync(s =>
        {
            s.Events.Append(KpiStream("k1"), Measured("k1", 1, 10), Measured("k1", 2, 20));
            s.Events.Append(KpiStream("k2"), 2, Measured("k2", 2, 6));
        }));

        Assert.Equal(["KpiDefined"], await TypesAsync(KpiStream("k1")));
        Assert.Equal(["KpiDefined", "KpiMeasured"], await TypesAsync(KpiStream("k2")));
        var view = await new DxEvents.Api.Plans.PlanViews(_store, new DxEvents.Api.EventStore.EventReads(_store)).GetAsync(_tenant, Plan, CancellationToken.None);
        Assert.Empty(view!.Kpis.Single(k => k.KpiId == "k1").Figures);
    }

    private Task InSessionAsync(Action<IDocumentSession> act) => InSessionAsync(s =>
    {
        act(s);
        return Task.CompletedTask;
    });

    private async Task InSessionAsync(Func<IDocumentSession, Task> act)
    {
        await using var session = _store.LightweightSession(_tenant);
        await act(session);
        await session.SaveChangesAsync();
    }

    /// <summary>The type column as stored, for the given streams in sequence order, tombstones of failed appends left out.</summary>
    private async Task<List<string>> TypesAsync(params string[] streams)
    {
        await using var connection = await fixture.Db.DataSource.OpenConnectionAsync();
        await Sql.ExecuteAsync(connection, "SELECT set_config('dxevents.tenant', $1, false)", _tenant);
        return (await Sql.RowsAsync(connection,
            "SELECT type FROM dxevents.mt_events WHERE stream_id = ANY($1) AND type <> 'tombstone' ORDER BY seq_id", (object)streams))
            .Select(r => (string)r[0]!).ToList();
    }
}
