using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using OrleansFlows.Api.Auth;
using OpenTelemetry.Trace;
using OrleansFlows.Silo;
using OrleansFlows.Silo.Hosting;

namespace OrleansFlows.Api.Hosting;

/// <summary>
/// The API host's telemetry: the shared metrics (<see cref="Silo.TelemetryHostExtensions"/>) plus ASP.NET Core's,
/// served to Prometheus on a path.
/// </summary>
internal static class ApiTelemetryExtensions
{
    public static WebApplicationBuilder AddOrleansFlowsApiTelemetry(this WebApplicationBuilder builder)
    {
        var prometheus = !string.IsNullOrEmpty(builder.Configuration.GetSection(TelemetryOptions.Section).Get<TelemetryOptions>()?.PrometheusPath ?? new TelemetryOptions().PrometheusPath);
        builder.AddOrleansFlowsTelemetry(
            metrics =>
            {
                metrics.AddAspNetCoreInstrumentation();
                if (prometheus)
                {
                    metrics.AddPrometheusExporter();
                }
            },
            tracing => tracing.AddAspNetCoreInstrumentation());
        return builder;
    }

    /// <summary>
    /// Serves the Prometheus scrape endpoint, unless its path is empty. It asks for the operator key, as the operator
    /// endpoints do: its series name tenants and workflows.
    /// </summary>
    public static WebApplication MapOrleansFlowsMetrics(this WebApplication app)
    {
        var path = app.Services.GetRequiredService<IOptions<TelemetryOptions>>().Value.PrometheusPath;
        if (!string.IsNullOrEmpty(path))
        {
            app.MapPrometheusScrapingEndpoint(path)
                .RequireAuthentication<OperatorAuthentication, IEndpointConventionBuilder>()
                .ExcludeFromDescription();
        }

        return app;
    }
}
