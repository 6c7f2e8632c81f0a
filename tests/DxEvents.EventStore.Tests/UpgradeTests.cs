using DxEvents.Api.EventStore;
using DxEvents.Api.Projections;
using DxEvents.Domain;
using DxEvents.Domain.Access;
using JasperFx;
using Marten;

namespace DxEvents.EventStore.Tests;

/// <summary>A database made by an earlier DxEvents, migrated by this one's schema: what it holds is still read.</summary>
public sealed class UpgradeTests : IAsyncLifetime
{
    private readonly PostgresDatabase _db = new();

    public Task InitializeAsync() => _db.InitializeAsync();
    public Task DisposeAsync() => _db.DisposeAsync();

    [Fact]
    public async Task A_review_setting_stored_before_it_was_a_projection_is_still_read_and_the_projection_then_keeps_it()
    {
        var owner = _db.AdminConnectionString ?? _db.ConnectionString;
        // The setting's table as it was when the commands stored the document themselves (a plain document: uuid versions).
        using (var before = DocumentStore.For(opts =>
        {
            StoreSetup.Configure(opts, owner, asyncProjections: false);
            opts.Projections.All.RemoveAll(p => p is FigureReviewSettings);
            opts.AutoCreateSchemaObjects = AutoCreate.CreateOrUpdate;
        }))
        {
            await before.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
            await using var session = before.LightweightSession("mima");
            session.Events.Append(StreamIds.Access, new FigureReviewTurnedOn());
            session.Store(new FigureReviewSetting(FigureReviewSetting.Key, true, DateTimeOffset.UtcNow, "事務局"));
            await session.SaveChangesAsync();
        }

        using var store = DocumentStore.For(opts =>
        {
            StoreSetup.Configure(opts, owner, asyncProjections: false);
            opts.AutoCreateSchemaObjects = AutoCreate.CreateOrUpdate;
        });
        await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        await using (var query = store.QuerySession("mima"))
            Assert.True((await FigureReviewSetting.ReadAsync(query, CancellationToken.None)).On);

        await using (var session = store.LightweightSession("mima"))
        {
            session.Events.Append(StreamIds.Access, new FigureReviewTurnedOff());
            await session.SaveChangesAsync();
        }
        await using (var query = store.QuerySession("mima"))
            Assert.False((await FigureReviewSetting.ReadAsync(query, CancellationToken.None)).On);
    }
}
