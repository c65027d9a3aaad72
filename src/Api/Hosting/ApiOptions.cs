namespace OrleansFlows.Api.Hosting;

/// <summary>API host settings, from configuration section <c>OrleansFlows</c>.</summary>
public sealed class ApiOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "OrleansFlows";

    /// <summary>
    /// The operator key (environment variable <c>OrleansFlows__OperatorKey</c>). When unset, the standalone host
    /// generates one on first run, prints it once, and keeps only its hash under <see cref="DataDirectory"/>.
    /// </summary>
    public string? OperatorKey { get; set; }

    /// <summary>
    /// How the API reaches the grains (<c>OrleansFlows:Mode</c>): <see cref="ApiMode.Standalone"/> (default) co-hosts a
    /// silo, which may join a cluster; <see cref="ApiMode.Client"/> holds no grains and calls the silos of the cluster.
    /// </summary>
    public ApiMode Mode { get; set; } = ApiMode.Standalone;

    /// <summary>Where the standalone host keeps its files; default <c>data</c> under the working directory.</summary>
    public string DataDirectory { get; set; } = "data";

    /// <summary>The largest request body accepted, in bytes (<c>OrleansFlows:MaxBodyBytes</c>). Default 256 KiB.</summary>
    public long MaxBodyBytes { get; set; } = 256 * 1024;

    /// <summary>
    /// Requests handled at once (<c>OrleansFlows:MaxConcurrentRequests</c>); as many more wait, and beyond that new ones
    /// answer 503 with Retry-After at once instead of hanging. Default 1,024.
    /// </summary>
    public int MaxConcurrentRequests { get; set; } = 1024;

    /// <summary>Whether the demo enrichment echo and Slack-like inbox are served (<c>OrleansFlows:DemoEndpoints</c>); on in Development.</summary>
    public bool DemoEndpoints { get; set; }
}

/// <summary>How the API host reaches the grains.</summary>
public enum ApiMode
{
    /// <summary>The API co-hosts a silo (alone on SQLite or PostgreSQL, or as a member of a cluster).</summary>
    Standalone,

    /// <summary>The API holds no grains: a cluster client that sends every call to the silo owning the grain.</summary>
    Client,
}
