namespace OrleansFlows.Grains.Retention;

/// <summary>Options for the nightly retention job (configuration section <c>OrleansFlows:Retention</c>).</summary>
public sealed class RetentionOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "OrleansFlows:Retention";

    /// <summary>The local time, in each tenant's zone, at which its job runs. Default 03:00.</summary>
    public TimeOnly DailyAt { get; set; } = new(3, 0);

    /// <summary>How many leads or records one batch deletes. Default 200, at most 5,000.</summary>
    public int BatchSize { get; set; } = 200;

    /// <summary>
    /// How many batches one run takes at most; what is still due then waits for the next night, so that one tenant's
    /// backlog can't hold a silo for long. Default 50, at most 1,000.
    /// </summary>
    public int MaxBatchesPerRun { get; set; } = 50;

    /// <summary>
    /// The period of a tenant's reminder after its due time: if a run fails or the silo dies with it, the reminder fires
    /// again this much later. At least Orleans' minimum reminder period (one minute by default). Default 1 minute.
    /// </summary>
    public TimeSpan ReminderRetryPeriod { get; set; } = TimeSpan.FromMinutes(1);
}
