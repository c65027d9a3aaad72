namespace OrleansFlows.Grains.Reconciliation;

/// <summary>Options for nightly reconciliation batches (configuration section <c>OrleansFlows:Reconciliation</c>).</summary>
public sealed class ReconciliationOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "OrleansFlows:Reconciliation";

    /// <summary>
    /// How many batches run at once on this silo, across tenants. Batches beyond it wait their turn, already recorded as
    /// started, so that a shared local midnight can't starve the API of threads and connections. Default 4, at most 256.
    /// </summary>
    public int MaxConcurrentBatches { get; set; } = 4;

    /// <summary>How long a run may take before its grain runs it again (the silo may have died with it). Default 30 minutes.</summary>
    public TimeSpan RunTimeout { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>
    /// The period of a tenant's Orleans reminder after its due time: if a tick finds nothing to do or fails, the reminder
    /// fires again this much later. At least Orleans' minimum reminder period (one minute by default). Default 1 minute.
    /// </summary>
    public TimeSpan ReminderRetryPeriod { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How many times one chunk is sent before it counts as failed. Default 3, at most 10.</summary>
    public int MaxChunkAttempts { get; set; } = 3;

    /// <summary>The delay before a chunk's second attempt; it doubles for each further one (a Retry-After wins when longer). Default 1 s.</summary>
    public TimeSpan ChunkRetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long one chunk request may take. Default 30 s.</summary>
    public TimeSpan ChunkTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>A running lead with no progress for this long counts as stuck, and the repair resumes it. Default 1 hour.</summary>
    public TimeSpan StuckAfter { get; set; } = TimeSpan.FromHours(1);
}
