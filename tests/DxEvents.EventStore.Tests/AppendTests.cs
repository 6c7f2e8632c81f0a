using DxEvents.EventStore;

namespace DxEvents.EventStore.Tests;

public sealed class AppendTests(SharedDatabase db) : IClassFixture<SharedDatabase>
{
    private readonly EventStore _store = new(db.DataSource);
    private readonly string _tenant = Make.Tenant();

    [Fact]
    public async Task A_new_stream_starts_at_version_one_and_numbers_events_consecutively()
    {
        var result = await _store.AppendAsync(_tenant, Make.Stream("s-1", ExpectedVersion.NoStream, Make.Event(n: 1), Make.Event(n: 2), Make.Event(n: 3)));

        Assert.Equal(3, result.VersionOf("s-1"));
        var events = await _store.ReadStreamAsync(_tenant, "s-1");
        Assert.Equal([1L, 2L, 3L], events.Select(e => e.Version));
        Assert.Equal(["""{"n": 1}""", """{"n": 2}""", """{"n": 3}"""], events.Select(e => e.Data));
        Assert.True(events[0].Sequence < events[1].Sequence && events[1].Sequence < events[2].Sequence);
    }

    [Fact]
    public async Task Appending_one_by_one_with_the_right_expected_version_succeeds()
    {
        var version = 0L;
        for (var i = 0; i < 5; i++)
            version = (await _store.AppendAsync(_tenant, Make.Stream("s-2", ExpectedVersion.Exactly(version), Make.Event(n: i)))).VersionOf("s-2");

        Assert.Equal(5, version);
        Assert.Equal(5, await _store.GetStreamVersionAsync(_tenant, "s-2"));
    }

    [Fact]
    public async Task A_stale_expected_version_on_a_new_stream_is_refused_and_stores_nothing()
    {
        var error = await Assert.ThrowsAsync<ConcurrencyException>(() =>
            _store.AppendAsync(_tenant, Make.Stream("s-3", ExpectedVersion.Exactly(2), Make.Event())));

        Assert.Null(error.ActualVersion);
        Assert.Empty(await _store.ReadStreamAsync(_tenant, "s-3"));
        Assert.Null(await _store.GetStreamVersionAsync(_tenant, "s-3"));
    }

    [Fact]
    public async Task A_stale_expected_version_on_an_existing_stream_is_refused_and_stores_nothing()
    {
        await _store.AppendAsync(_tenant, Make.Stream("s-4", ExpectedVersion.NoStream, Make.Event(), Make.Event()));

        var stale = await Assert.ThrowsAsync<ConcurrencyException>(() =>
            _store.AppendAsync(_tenant, Make.Stream("s-4", ExpectedVersion.Exactly(1), Make.Event(n: 9))));
        var again = await Assert.ThrowsAsync<ConcurrencyException>(() =>
            _store.AppendAsync(_tenant, Make.Stream("s-4", ExpectedVersion.NoStream, Make.Event(n: 9))));

        Assert.Equal(2, stale.ActualVersion);
        Assert.Equal(2, again.ActualVersion);
        Assert.Equal(2, (await _store.ReadStreamAsync(_tenant, "s-4")).Count);
    }

    [Fact]
    public async Task Any_version_appends_to_new_and_existing_streams()
    {
        await _store.AppendAsync(_tenant, Make.Stream("s-5", ExpectedVersion.Any, Make.Event()));
        var result = await _store.AppendAsync(_tenant, Make.Stream("s-5", ExpectedVersion.Any, Make.Event(), Make.Event()));

        Assert.Equal(3, result.VersionOf("s-5"));
    }

    [Fact]
    public async Task An_append_to_several_streams_stores_all_or_nothing()
    {
        await _store.AppendAsync(_tenant, Make.Stream("s-6b", ExpectedVersion.NoStream, Make.Event()));

        await Assert.ThrowsAsync<ConcurrencyException>(() => _store.AppendAsync(_tenant,
        [
            Make.Stream("s-6a", ExpectedVersion.NoStream, Make.Event(), Make.Event()),
            Make.Stream("s-6b", ExpectedVersion.NoStream, Make.Event()),
        ]));

        Assert.Empty(await _store.ReadStreamAsync(_tenant, "s-6a"));
        Assert.Single(await _store.ReadStreamAsync(_tenant, "s-6b"));
    }

    [Fact]
    public async Task A_stream_reads_up_to_a_version_or_a_recorded_at_time()
    {
        await _store.AppendAsync(_tenant, Make.Stream("s-7", ExpectedVersion.NoStream, Make.Event(n: 1), Make.Event(n: 2)));
        var firstTwo = await _store.ReadStreamAsync(_tenant, "s-7");
        await Task.Delay(20);
        await _store.AppendAsync(_tenant, Make.Stream("s-7", ExpectedVersion.Exactly(2), Make.Event(n: 3)));

        Assert.Single(await _store.ReadStreamAsync(_tenant, "s-7", upToVersion: 1));
        // An instant in any offset (here Japan's) names the same moment.
        var asOf = await _store.ReadStreamAsync(_tenant, "s-7", recordedUntil: firstTwo[1].RecordedAt.ToOffset(TimeSpan.FromHours(9)));
        Assert.Equal([1L, 2L], asOf.Select(e => e.Version));
        Assert.Equal(3, (await _store.ReadStreamAsync(_tenant, "s-7")).Count);
    }

    [Fact]
    public async Task The_recorded_at_time_comes_from_the_server_and_is_shared_by_one_append()
    {
        var before = DateTimeOffset.UtcNow.AddSeconds(-5);
        var result = await _store.AppendAsync(_tenant, Make.Stream("s-8", ExpectedVersion.NoStream, Make.Event(), Make.Event()));

        Assert.Equal(result.Events[0].RecordedAt, result.Events[1].RecordedAt);
        Assert.InRange(result.Events[0].RecordedAt, before, DateTimeOffset.UtcNow.AddSeconds(5));
        Assert.Equal(result.Events.Select(e => e.RecordedAt), (await _store.ReadStreamAsync(_tenant, "s-8")).Select(e => e.RecordedAt));
    }

    [Fact]
    public async Task Reading_a_tenant_filters_by_prefix_type_and_actor()
    {
        await _store.AppendAsync(_tenant,
        [
            Make.Stream("plan/a", ExpectedVersion.NoStream, Make.Event("Adopted", actor: "office")),
            Make.Stream("plan/a/kpi/k1", ExpectedVersion.NoStream, Make.Event("Measured", actor: "clerk")),
            Make.Stream("plan/ab", ExpectedVersion.NoStream, Make.Event("Adopted", actor: "office")),
        ]);

        async Task<List<string>> Streams(EventFilter filter)
        {
            var list = new List<string>();
            await foreach (var e in _store.ReadAsync(_tenant, filter))
                list.Add(e.StreamId);
            return list;
        }
        Assert.Equal(["plan/a", "plan/a/kpi/k1"], await Streams(new() { StreamPrefix = "plan/a" }));
        Assert.Equal(["plan/a", "plan/ab"], await Streams(new() { EventTypes = ["Adopted"] }));
        Assert.Equal(["plan/a/kpi/k1"], await Streams(new() { Actor = "clerk" }));
    }
}
