namespace OrleansFlows.Silo.Hosting;

/// <summary>Metrics settings of the API host and the silo, from configuration section <c>OrleansFlows:Telemetry</c>.</summary>
public sealed class TelemetryOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "OrleansFlows:Telemetry";

    /// <summary>
    /// The path of the Prometheus scrape endpoint (<c>OrleansFlows:Telemetry:PrometheusPath</c>); default
    /// <c>/metrics</c>, empty turns it off. It asks for no key: keep it off the public internet.
    /// </summary>
    public string PrometheusPath { get; set; } = "/metrics";

    /// <summary>
    /// Whether lead counters and the per-tenant backlog carry a <c>tenant</c> label
    /// (<c>OrleansFlows:Telemetry:TenantLabels</c>); default true. Large fleets turn it off to bound the series.
    /// </summary>
    public bool TenantLabels { get; set; } = true;
}
