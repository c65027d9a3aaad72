namespace OrleansFlows.Runtime.Reminders;

/// <summary>Options for durable reminders.</summary>
public sealed class ReminderOptions
{
    /// <summary>The shortest period a periodic reminder may have. Default 1 minute; tests use less.</summary>
    public TimeSpan MinimumPeriod { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How often the silo asks the store for due reminders. Default 1 s.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a claimed tick stays leased to this silo; if it is not completed by then, it is claimed again. Default 1 minute.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How many due reminders one claim takes. Default 1,000.</summary>
    public int ClaimBatchSize { get; set; } = 1000;

    /// <summary>How many ticks are delivered to grains at once. Default 256.</summary>
    public int MaxConcurrentDeliveries { get; set; } = 256;
}
