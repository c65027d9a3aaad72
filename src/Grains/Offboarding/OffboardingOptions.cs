namespace OrleansFlows.Grains.Offboarding;

/// <summary>Options for offboarding tenants (configuration section <c>OrleansFlows:Offboarding</c>).</summary>
public sealed class OffboardingOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "OrleansFlows:Offboarding";

    /// <summary>How long an offboarded tenant stays suspended, and can be restored, before its data is deleted. Default 7 days.</summary>
    public TimeSpan GracePeriod { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How many leads, or rows of another table, one batch of the deletion removes. Default 500, at most 5,000.</summary>
    public int BatchSize { get; set; } = 500;

    /// <summary>
    /// The period of the tenant's deletion reminder after its due time: if the deletion fails or its silo dies, the
    /// reminder fires again this much later and the deletion goes on where it stopped. At least Orleans' minimum
    /// reminder period (one minute by default). Default 1 minute.
    /// </summary>
    public TimeSpan ReminderRetryPeriod { get; set; } = TimeSpan.FromMinutes(1);
}
