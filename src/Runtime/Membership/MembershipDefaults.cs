namespace OrleansFlows.Runtime.Membership;

/// <summary>The defaults of <see cref="MembershipOptions"/>.</summary>
public static class MembershipDefaults
{
    public const string ClusterId = "default";

    public static readonly TimeSpan HeartbeatPeriod = TimeSpan.FromSeconds(2);

    public static readonly TimeSpan DeathTimeout = TimeSpan.FromSeconds(10);

    public static readonly TimeSpan RefreshPeriod = TimeSpan.FromSeconds(1);

    public static readonly TimeSpan DefunctSiloRetention = TimeSpan.FromHours(1);
}
