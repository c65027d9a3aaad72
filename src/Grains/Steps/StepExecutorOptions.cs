namespace OrleansFlows.Grains.Steps;

/// <summary>Options for the silo's step executor (configuration section <c>OrleansFlows:Steps</c>).</summary>
public sealed class StepExecutorOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "OrleansFlows:Steps";

    /// <summary>The most step attempts running at once in this silo, across tenants. Default 256.</summary>
    public int MaxConcurrentSteps { get; set; } = 256;

    /// <summary>
    /// The most step attempts of one tenant running at once in this silo when its plan's
    /// <see cref="Contracts.Tenants.PlanLimits.ConcurrentOutboundCalls"/> can't be read. Default 16.
    /// </summary>
    public int DefaultTenantConcurrency { get; set; } = 16;

    /// <summary>How often a tenant's plan limits are read again, so that a changed plan takes effect. Default 10 s.</summary>
    public TimeSpan TenantLimitsRefresh { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How long a graceful stop (SIGTERM) waits for step attempts queued or running to finish and record their outcomes
    /// before it cancels the rest. Keep it below the host's shutdown timeout (30 s) and the pod's termination grace
    /// period. Default 20 s.
    /// </summary>
    public TimeSpan DrainTimeout { get; set; } = TimeSpan.FromSeconds(20);
}
