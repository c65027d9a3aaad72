using System.Diagnostics.Metrics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using Npgsql;
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

    /// <summary>
    /// Registers metrics, and traces when they are exported; <paramref name="metrics"/> and <paramref name="tracing"/>
    /// add the host's own. A host that wants traces without OTLP (a test reading them in memory) calls
    /// <c>Services.AddOpenTelemetry().WithTracing(t => t.AddInMemoryExporter(spans))</c>: its provider gets the
    /// product's sources (<see cref="AddOrleansFlowsTraceSources"/>) and the host's.
    /// </summary>
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
        // The trace sources are always described, but a tracer provider (and with it any span) exists only when
        // something exports: OTLP here, or a host that calls WithTracing with an exporter of its own (tests add the
        // in-memory exporter so). Without a provider no activity source has a listener and no span is made.
        builder.Services.ConfigureOpenTelemetryTracerProvider(traces =>
        {
            traces.AddOrleansFlowsTraceSources();
            tracing?.Invoke(traces);
        });
        if (OtlpEndpointVariables.Any(v => !string.IsNullOrWhiteSpace(builder.Configuration[v])))
        {
            telemetry.WithTracing(_ => { }).UseOtlpExporter();
        }

        return options;
    }

    /// <summary>
    /// The sources a trace of OrleansFlows is made of: the product's (<c>OrleansFlows.*</c>: leads and their steps),
    /// Orleans' grain calls (<c>Microsoft.Orleans.Runtime</c>, <c>Microsoft.Orleans.Application</c>), outbound HTTP and
    /// PostgreSQL commands; outbound URLs keep only their origin. Hosts and tests that build a tracer provider of their
    /// own start from this.
    /// </summary>
    public static TracerProviderBuilder AddOrleansFlowsTraceSources(this TracerProviderBuilder traces)
    {
        ArgumentNullException.ThrowIfNull(traces);
        return traces
            .AddSource("OrleansFlows.*", "Microsoft.Orleans.Runtime", "Microsoft.Orleans.Application")
            .AddHttpClientInstrumentation()
            .AddNpgsql()
            .AddProcessor(new OutboundUrlRedaction());
    }

    // Instrument names as defined in src/Grains (LeadMetrics, StepMetrics, ReconciliationMetrics): the lead instruments
    // keep only the workflow (and the wake lag what woke the lead), the reconciliation runs their outcome and trigger, and the per-tenant backlog is not collected (the total backlog remains).
    private static MetricStreamConfiguration? WithoutTenant(Instrument instrument) => instrument.Name switch
    {
        "orleansflows.executor.tenant_backlog" => MetricStreamConfiguration.Drop,
        _ when instrument.Name.StartsWith("orleansflows.leads.", StringComparison.Ordinal) => new MetricStreamConfiguration { TagKeys = ["workflow", "woken_by"] },
        _ when instrument.Name.StartsWith("orleansflows.reconciliation.", StringComparison.Ordinal) => new MetricStreamConfiguration { TagKeys = ["outcome", "trigger"] },
        _ => null,
    };
}
