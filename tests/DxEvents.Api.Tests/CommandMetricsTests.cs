using System.Diagnostics.Metrics;
using System.Net;
using DxEvents.Api.Auth;
using DxEvents.Api.Commands;
using DxEvents.Api.Tests.Support;

namespace DxEvents.Api.Tests;

/// <summary>Alone: the command counter is process-wide, and other classes' commands would count too.</summary>
[CollectionDefinition(nameof(CommandMetricsTests), DisableParallelization = true)]
public sealed class CommandMetricsCollection;

[Collection(nameof(CommandMetricsTests))]
public sealed class CommandMetricsTests(ApiHost api) : IClassFixture<ApiHost>
{
    private const string Figures = "/plans/mima-dx/kpis/k04/measurements";

    [Fact]
    public async Task Each_command_counts_once_by_its_outcome_accepted_replayed_conflict_or_refused()
    {
        var town = await api.NewTownAsync();
        var counted = new List<(string Command, string Outcome)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == CommandTelemetry.Meter.Name)
                l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<long>((_, _, tags, _) =>
        {
            var found = tags.ToArray().ToDictionary(t => t.Key, t => $"{t.Value}");
            lock (counted)
                counted.Add((found["command"], found["outcome"]));
        });
        listener.Start();
        var figure = new { fiscalYear = 2025, quarter = 2, value = 180 };
        var key = IdempotencyKey.New();

        await town.PostAsync(Figures, figure, Roles.Recorder, key: key);
        await town.PostAsync(Figures, figure, Roles.Recorder, key: key);
        await town.PostAsync(Figures, figure, Roles.Recorder, HttpStatusCode.Conflict);
        await town.PostAsync(Figures, new { fiscalYear = 2025, quarter = "2", value = 180 }, Roles.Recorder, HttpStatusCode.BadRequest);

        lock (counted)
            Assert.Equal(
                [("RecordKpiFigure", "accepted"), ("RecordKpiFigure", "conflict"), ("RecordKpiFigure", "refused"), ("RecordKpiFigure", "replayed")],
                counted.Where(c => c.Command == "RecordKpiFigure").Order());
    }
}
