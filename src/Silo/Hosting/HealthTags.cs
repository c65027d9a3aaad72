namespace OrleansFlows.Silo.Hosting;

/// <summary>Tags of health checks.</summary>
public static class HealthTags
{
    /// <summary>Checks that decide readiness (the host serves); liveness runs none.</summary>
    public const string Ready = "ready";

    /// <summary>
    /// Checks of the database, reported on their own route and never part of readiness: in an outage every pod would
    /// leave its load balancer at once, and clients would get refused connections instead of 503 with Retry-After.
    /// </summary>
    public const string Database = "db";
}
