using DxEvents.Api.Integrity;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace DxEvents.Api.Infrastructure;

/// <summary>
/// OpenTelemetry over OTLP without the hosting package (not in our package source): the SDK is
/// created directly and listens to the framework's own sources — ASP.NET Core, Npgsql — and ours.
/// Nothing is exported unless OTEL_EXPORTER_OTLP_ENDPOINT is set.
/// </summary>
public static class Telemetry
{
    public static IServiceCollection AddDxTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        if (string.IsNullOrEmpty(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
            return services;
        var sdk = OpenTelemetrySdk.Create(otel => otel
            .ConfigureResource(r => r.AddService(configuration["OTEL_SERVICE_NAME"] ?? "dxevents"))
            .WithTracing(t => t
                .AddSource(CommandWorkflow.Source.Name, "Marten", "Microsoft.AspNetCore", "Npgsql")
                .AddOtlpExporter())
            .WithMetrics(m => m
                .AddMeter("Marten", ChainSealer.Meter.Name, ProjectionLagGauge.MeterName, "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", "Npgsql")
                .AddOtlpExporter()));
        services.AddSingleton(sdk);
        return services;
    }
}
