using DxEvents.Api.Integrity;
using DxEvents.Api.Projections;
using Npgsql;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace DxEvents.Api.Infrastructure;

/// <summary>
/// OpenTelemetry through the hosting package: ASP.NET Core's request spans (tagged with the municipality, command and
/// stream by the command rules), Wolverine's, Npgsql, Marten's spans and meters, and ours. Exported over OTLP when
/// OTEL_EXPORTER_OTLP_ENDPOINT is set; without it the providers still run, for whatever exporter a host adds.
/// </summary>
public static class Telemetry
{
    public static readonly string[] Sources = ["Wolverine", "Marten"];
    public static readonly string[] Meters = ["Marten", ChainSealer.Meter.Name, ProjectionLagGauge.MeterName, Commands.CommandTelemetry.Meter.Name, ProjectionWatchdog.Meter.Name, "Wolverine"];

    public static IServiceCollection AddDxTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        var otlp = !string.IsNullOrEmpty(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(configuration["OTEL_SERVICE_NAME"] ?? "dxevents"))
            .WithTracing(t =>
            {
                t.AddAspNetCoreInstrumentation().AddNpgsql().AddSource(Sources);
                if (otlp)
                    t.AddOtlpExporter();
            })
            .WithMetrics(m =>
            {
                m.AddAspNetCoreInstrumentation().AddMeter(Meters).AddMeter("Npgsql");
                if (otlp)
                    m.AddOtlpExporter();
            });
        return services;
    }
}
