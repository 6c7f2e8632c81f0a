using Marten;

namespace DxEvents.EventStore.Tests.Support;

/// <summary>A database and the request path's store, shared by a class whose tests each use municipalities of their own.</summary>
public sealed class StoreFixture : IAsyncLifetime
{
    public PostgresDatabase Db { get; } = new();
    public DocumentStore Store { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await Db.InitializeAsync();
        Store = await Db.OpenStoreAsync();
    }

    public async Task DisposeAsync()
    {
        Store.Dispose();
        await Db.DisposeAsync();
    }
}
