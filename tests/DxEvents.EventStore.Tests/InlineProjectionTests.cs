using DxEvents.EventStore;

namespace DxEvents.EventStore.Tests;

public sealed class InlineProjectionTests(ProjectionDatabase db) : IClassFixture<ProjectionDatabase>
{
    private sealed class Throwing : IInlineProjection
    {
        public ValueTask ApplyAsync(ProjectionContext context, IReadOnlyList<StoredEvent> events, CancellationToken ct) =>
            events.Any(e => e.EventType == "Poison") ? throw new InvalidOperationException("projection failed") : ValueTask.CompletedTask;
    }

    [Fact]
    public async Task An_inline_projection_commits_with_the_events()
    {
        var projection = new RowProjection("inline-commit");
        var store = new EventStore(db.DataSource, [projection]);
        var tenant = Make.Tenant();

        var result = await store.AppendAsync(tenant, Make.Stream("a", ExpectedVersion.NoStream, Make.Event(n: 7), Make.Event(n: 8)));

        Assert.Equal(
            result.Events.Select(e => $"{tenant}|{e.Sequence}|a|{e.Version}|Happened|{e.Version + 6}"),
            await projection.RowsAsync(db.DataSource));
    }

    [Fact]
    public async Task A_throwing_inline_projection_rolls_the_append_back()
    {
        var projection = new RowProjection("inline-rollback");
        var store = new EventStore(db.DataSource, [projection, new Throwing()]);
        var tenant = Make.Tenant();

        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            store.AppendAsync(tenant, Make.Stream("b", ExpectedVersion.NoStream, Make.Event(), Make.Event("Poison"))));

        Assert.Empty(await store.ReadStreamAsync(tenant, "b"));
        Assert.Null(await store.GetStreamVersionAsync(tenant, "b"));
        Assert.Empty(await projection.RowsAsync(db.DataSource));
    }
}
