using System.Diagnostics;
using DxEvents.Api.Auth;
using DxEvents.Api.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using OpenTelemetry;
using OpenTelemetry.Trace;

namespace DxEvents.Api.Tests;

/// <summary>The service as ApiHost runs it, with a collecting processor added to the tracer the service configures.</summary>
public sealed class TracedApiHost : ApiHost
{
    public List<Activity> Spans { get; } = [];

    protected override void Configure(IWebHostBuilder builder) =>
        builder.ConfigureTestServices(services => services.ConfigureOpenTelemetryTracerProvider(t => t.AddProcessor(new LockedExport(Spans))));
}

/// <summary>Collects ended spans under a lock: several hosts in this process end spans at once.</summary>
internal sealed class LockedExport(List<Activity> spans) : BaseProcessor<Activity>
{
    public override void OnEnd(Activity data)
    {
        lock (spans)
            spans.Add(data);
    }
}

public sealed class TelemetryTests(TracedApiHost api) : IClassFixture<TracedApiHost>
{
    [Fact]
    public async Task One_recorded_figure_is_one_trace_the_request_span_names_the_municipality_command_and_stream_and_its_append_under_it()
    {
        var town = await api.NewTownAsync();
        await town.PostAsync("/plans/mima-dx/measures/m04/start", new { on = "2023-04-01" });

        await town.PostAsync("/plans/mima-dx/kpis/k04/measurements", new { fiscalYear = 2025, quarter = 2, value = 180 }, Roles.Recorder);

        // Other test classes run hosts in this process at the same time: their spans reach this exporter too.
        var request = await Eventually(() => Spans().SingleOrDefault(s => s.Kind == ActivityKind.Server
            && Equals(s.GetTagItem("dxevents.tenant"), town.Tenant) && Equals(s.GetTagItem("dxevents.command"), "RecordKpiFigure")));
        var trace = Spans().Where(s => s.TraceId == request.TraceId).ToList();
        Assert.Equal((town.Tenant, "RecordKpiFigure", "plan/mima-dx/kpi/k04"),
            (request.GetTagItem("dxevents.tenant"), request.GetTagItem("dxevents.command"), request.GetTagItem("dxevents.stream")));
        // Marten's append is Npgsql's span of the insert into mt_events, under the request's span.
        Assert.Contains(trace, s => s.Source.Name == "Npgsql" && s.ParentSpanId == request.SpanId
            && $"{s.GetTagItem("db.query.text") ?? s.GetTagItem("db.statement")}".Contains("insert into dxevents.mt_events", StringComparison.Ordinal));
        Assert.All(trace, s => Assert.Equal(request.TraceId, s.TraceId));
        // A figure touches its KPI's part of the inline plan view only: the plan's and the measures' parts are not even loaded.
        Assert.DoesNotContain(trace, s => s.Source.Name == "Npgsql"
            && $"{s.GetTagItem("db.query.text") ?? s.GetTagItem("db.statement")}" is var sql
            && (sql.Contains("mt_doc_planpart", StringComparison.Ordinal) || sql.Contains("mt_doc_measurepart", StringComparison.Ordinal)));
    }

    private List<Activity> Spans()
    {
        lock (api.Spans)
            return [.. api.Spans];
    }

    // The server span ends after the response is written; the exporter sees it a moment later.
    private static async Task<Activity> Eventually(Func<Activity?> find)
    {
        for (var i = 0; i < 100; i++)
        {
            if (find() is { } found)
                return found;
            await Task.Delay(20);
        }
        throw new TimeoutException("The request span was not exported.");
    }
}
