using System.Reflection;
using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Cashman.Api.Telemetry;

/// <summary>
/// OpenTelemetry: a trace for every request (ASP.NET Core, continuing an incoming W3C <c>traceparent</c>) with a span
/// per database command (Npgsql); metrics of the HTTP server, the .NET runtime, Npgsql and Cashman itself, served in
/// Prometheus text on the management endpoint (<see cref="MetricsEndpoint"/>); OTLP export of both when
/// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set, configured by the standard <c>OTEL_*</c> variables.
/// </summary>
internal static class TelemetrySetup
{
    public const string OtlpEndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";
    private const string DefaultServiceName = "cashman-api";

    public static WebApplicationBuilder AddCashmanTelemetry(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var configuration = builder.Configuration;
        services.AddSettings<MetricsOptions>(MetricsOptions.SectionName);
        services.AddSingleton<CashmanMetrics>();
        services.AddHostedService<MetricsEndpoint>();

        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(
                configuration["OTEL_SERVICE_NAME"] ?? DefaultServiceName,
                serviceVersion: typeof(TelemetrySetup).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion))
            .WithTracing(tracing => tracing
                .AddAspNetCoreInstrumentation(o => o.RecordException = false)
                .AddNpgsql())
            .WithMetrics(metrics =>
            {
                metrics
                    .AddAspNetCoreInstrumentation()
                    .AddMeter("System.Runtime")
                    .AddNpgsqlInstrumentation()
                    .AddMeter(CashmanMetrics.MeterName);
                metrics.AddPrometheusExporter(o => o.ScrapeResponseCacheDurationMilliseconds = 0);
            });
        if (!string.IsNullOrWhiteSpace(configuration[OtlpEndpointVariable]))
        {
            telemetry.UseOtlpExporter();
        }

        return builder;
    }
}
