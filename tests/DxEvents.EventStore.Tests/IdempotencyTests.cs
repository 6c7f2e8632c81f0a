using DxEvents.EventStore;

namespace DxEvents.EventStore.Tests;

public sealed class IdempotencyTests(SharedDatabase db) : IClassFixture<SharedDatabase>
{
    private readonly EventStore _store = new(db.DataSource);
    private readonly string _tenant = Make.Tenant();

    private static AppendOptions Claim(string key, string hash) =>
        new(new IdempotencyClaim(key, hash, r => new IdempotentResponse(201, $"\"{r.VersionOf("s")}\"", "/s", $"{{\"version\":{r.VersionOf("s")}}}")));

    [Fact]
    public async Task The_first_answer_is_stored_with_the_events()
    {
        await _store.AppendAsync(_tenant, Make.Stream("s", ExpectedVersion.NoStream, Make.Event()), Claim("key-1", "h1"));

        var stored = await _store.FindIdempotentAsync(_tenant, "key-1");
        Assert.NotNull(stored);
        Assert.Equal("h1", stored.RequestHash);
        Assert.Equal(new IdempotentResponse(201, "\"1\"", "/s", "{\"version\":1}"), stored.Response);
        Assert.Null(await _store.FindIdempotentAsync(Make.Tenant(), "key-1"));
    }

    [Fact]
    public async Task A_second_append_under_a_taken_key_is_refused_and_rolled_back()
    {
        await _store.AppendAsync(_tenant, Make.Stream("s", ExpectedVersion.NoStream, Make.Event()), Claim("key-2", "h1"));

        await Assert.ThrowsAsync<IdempotencyKeyTakenException>(() =>
            _store.AppendAsync(_tenant, Make.Stream("s", ExpectedVersion.Exactly(1), Make.Event()), Claim("key-2", "h1")));

        Assert.Single(await _store.ReadStreamAsync(_tenant, "s"));
    }
}
