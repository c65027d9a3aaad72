using System.Diagnostics.Metrics;
using Microsoft.Extensions.Options;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace OrleansFlows.Api.Hosting;

/// <summary>
/// OpenTelemetry for the API host: the product's meters (<c>OrleansFlows.*</c>), Orleans', the runtime's, ASP.NET
/// Core's and HttpClient's, served to Prometheus on a path and exported over OTLP when the standard variables ask for it.
/// </summary>
internal static class TelemetryHostExtensions
{
    // The standard variables that name an OTLP endpoint; without one nothing is exported.
    private static readonly string[] OtlpEndpointVariables =
        ["OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_METRICS_ENDPOINT", "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "OTEL_EXPORTER_OTLP_LOGS_ENDPOINT"];

    public static WebApplicationBuilder AddOrleansFlowsTelemetry(this WebApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection(TelemetryOptions.Section);
        builder.Services.AddOptions<TelemetryOptions>().Bind(section).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<TelemetryOptions>, TelemetryOptionsValidator>();
        var options = section.Get<TelemetryOptions>() ?? new TelemetryOptions();
        var otlp = OtlpEndpointVariables.Any(v => !string.IsNullOrWhiteSpace(builder.Configuration[v]));

        var telemetry = builder.Services.AddOpenTelemetry().WithMetrics(metrics =>
        {
            metrics
                .AddMeter("OrleansFlows.*", "Microsoft.Orleans")
                .AddRuntimeInstrumentation()
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation();
            if (!options.TenantLabels)
            {
                metrics.AddView(WithoutTenant);
            }

            if (!string.IsNullOrEmpty(options.PrometheusPath))
            {
                metrics.AddPrometheusExporter();
            }
        });
        if (otlp)
        {
            // Traces only when they go somewhere: HTTP in and out, and Orleans' grain calls.
            telemetry
                .WithTracing(tracing => tracing
                    .AddSource("Microsoft.Orleans.Runtime", "Microsoft.Orleans.Application")
                    .AddAspNetCoreInstrumentation()
                    .AddHttpClientInstrumentation())
                .UseOtlpExporter();
        }

        return builder;
    }

    /// <summary>Serves the Prometheus scrape endpoint, unless its path is empty.</summary>
    public static WebApplication MapOrleansFlowsMetrics(this WebApplication app)
    {
        var path = app.Services.GetRequiredService<IOptions<TelemetryOptions>>().Value.PrometheusPath;
        if (!string.IsNullOrEmpty(path))
        {
            app.MapPrometheusScrapingEndpoint(path).ExcludeFromDescription();
        }

        return app;
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
