namespace OrleansFlows.Silo.Hosting;

/// <summary>Tags of health checks.</summary>
public static class HealthTags
{
    /// <summary>Checks that decide readiness (the host serves); liveness runs none.</summary>
    public const string Ready = "ready";
}
