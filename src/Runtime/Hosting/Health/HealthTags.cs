namespace OrleansFlows.Runtime.Hosting.Health;

/// <summary>Tags of the runtime's health checks.</summary>
public static class HealthTags
{
    /// <summary>Checks a readiness endpoint selects: a silo that is active, or a cluster client that sees one.</summary>
    public const string Ready = "ready";
}
