using System.Diagnostics;
using DxEvents.Api.EventStore;
using DxEvents.Api.Projections;
using DxEvents.EventStore.Tests.Support;
using JasperFx.OpenTelemetry;
using static DxEvents.EventStore.Tests.Support.Plans;

namespace DxEvents.EventStore.Tests;

/// <summary>
/// Why StoreSetup keeps Marten's connection spans off: with them on, a command's exclusive stream fetch under row-level
/// security fails in Marten 9.62 (its tracing wrapper asks the wrapped per-session connection for a transaction starter
/// that connection is not). The same fetch with the spans off is what every command does. When an upgrade makes this test
/// fail, the bug is fixed: turn the spans on in StoreSetup and turn this test around.
/// </summary>
public sealed class MartenConnectionSpansTests : IAsyncLifetime
{
    private readonly PostgresDatabase _db = new();

    public Task InitializeAsync() => _db.InitializeAsync();

    public Task DisposeAsync() => _db.DisposeAsync();

    [Fact]
    public async Task With_Martens_connection_spans_on_an_exclusive_fetch_under_row_level_security_still_fails()
    {
        // Marten wraps a session's connection in its tracing only while someone listens to its activities.
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "Marten",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
        };
        ActivitySource.AddActivityListener(listener);
        using var traced = await _db.OpenStoreAsync(configure: o => o.OpenTelemetry.TrackConnections = TrackLevel.Normal);
        var tenant = Tenant();
        await SeedAsync(traced, tenant, kpis: 1);

        await using var session = traced.LightweightSession(tenant);
        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => session.Events.FetchForExclusiveWriting<DxEvents.Api.Projections.KpiStream>(Plans.KpiStream("k1")));

        Assert.Contains("ITransactionStarter", failure.Message, StringComparison.Ordinal);
        using var plain = await _db.OpenStoreAsync();
        await using var command = plain.LightweightSession(tenant);
        Assert.Equal(1, (await command.Events.FetchForExclusiveWriting<DxEvents.Api.Projections.KpiStream>(Plans.KpiStream("k1"))).CurrentVersion);
    }
}
