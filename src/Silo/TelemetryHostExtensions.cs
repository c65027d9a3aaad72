using System.Diagnostics.Metrics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using OrleansFlows.Silo.Hosting;

namespace OrleansFlows.Silo;

/// <summary>
/// OpenTelemetry shared by the API host and the standalone silo: the product's meters (<c>OrleansFlows.*</c>),
/// Orleans', the runtime's and HttpClient's, exported over OTLP when the standard variables ask for it.
/// </summary>
public static class TelemetryHostExtensions
{
    // The standard variables that name an OTLP endpoint; without one nothing is exported.
    private static readonly string[] OtlpEndpointVariables =
        ["OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_METRICS_ENDPOINT", "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "OTEL_EXPORTER_OTLP_LOGS_ENDPOINT"];

    /// <summary>Registers metrics (and traces, when exported); <paramref name="metrics"/> and <paramref name="tracing"/> add the host's own.</summary>
    public static TelemetryOptions AddOrleansFlowsTelemetry(
        this IHostApplicationBuilder builder,
        Action<MeterProviderBuilder>? metrics = null,
        Action<TracerProviderBuilder>? tracing = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var section = builder.Configuration.GetSection(TelemetryOptions.Section);
        builder.Services.AddOptions<TelemetryOptions>().Bind(section).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<TelemetryOptions>, TelemetryOptionsValidator>();
        var options = section.Get<TelemetryOptions>() ?? new TelemetryOptions();

        var telemetry = builder.Services.AddOpenTelemetry().WithMetrics(meters =>
        {
            meters
                .AddMeter("OrleansFlows.*", "Microsoft.Orleans")
                .AddRuntimeInstrumentation()
                .AddHttpClientInstrumentation();
            if (!options.TenantLabels)
            {
                meters.AddView(WithoutTenant);
            }

            metrics?.Invoke(meters);
        });
        if (OtlpEndpointVariables.Any(v => !string.IsNullOrWhiteSpace(builder.Configuration[v])))
        {
            // Traces only when they go somewhere: outbound HTTP, Orleans' grain calls, and what the host adds.
            telemetry
                .WithTracing(traces =>
                {
                    traces
                        .AddSource("Microsoft.Orleans.Runtime", "Microsoft.Orleans.Application")
                        .AddHttpClientInstrumentation();
                    tracing?.Invoke(traces);
                })
                .UseOtlpExporter();
        }

        return options;
    }

    // Instrument names as defined in src/Grains (LeadMetrics, StepMetrics): the lead counters keep only the workflow,
    // and the per-tenant backlog is not collected (the total backlog remains).
    private static MetricStreamConfiguration? WithoutTenant(Instrument instrument) => instrument.Name switch
    {
        "orleansflows.executor.tenant_backlog" => MetricStreamConfiguration.Drop,
        _ when instrument.Name.StartsWith("orleansflows.leads.", StringComparison.Ordinal) => new MetricStreamConfiguration { TagKeys = ["workflow"] },
        _ => null,
    };
}
