using DxEvents.EventStore;

namespace DxEvents.EventStore.Tests;

public sealed class MigrationTests(SharedDatabase db) : IClassFixture<SharedDatabase>
{
    [Fact]
    public async Task Processes_starting_together_migrate_once()
    {
        var extra = new Migration("concurrent", 1, "a table", "CREATE TABLE concurrent_probe (id int)");
        var runs = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
            Migrator.MigrateAsync(db.DataSource, [.. StoreSchema.Migrations, extra]))));

        Assert.Equal(1, runs.Count(applied => applied.Contains(extra)));
        Assert.All(runs, applied => Assert.DoesNotContain(applied, m => m.Module == StoreSchema.Module));
        Assert.Equal(1L, await db.ScalarAsync<long>("SELECT count(*) FROM dx_schema_migrations WHERE module = 'concurrent'"));
    }
}
