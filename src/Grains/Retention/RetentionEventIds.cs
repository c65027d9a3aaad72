namespace OrleansFlows.Grains.Retention;

/// <summary>The log event ids of retention: the range 6200–6299.</summary>
internal static class RetentionEventIds
{
    /// <summary>A run finished; it names what it deleted.</summary>
    public const int RunFinished = 6200;

    /// <summary>A run failed part way; what it deleted stays deleted, and the next tick runs again.</summary>
    public const int RunFailed = 6201;

    /// <summary>A tenant started a run through the API; names the API key.</summary>
    public const int RunRequested = 6202;

    /// <summary>The start-up backfill gave every tenant its nightly job; names how many tenants it looked at.</summary>
    public const int BackfillFinished = 6203;

    /// <summary>The start-up backfill stopped part way; the tenants it did not reach get their job at the next silo start or profile change.</summary>
    public const int BackfillFailed = 6204;

    /// <summary>The start-up backfill could not schedule one tenant; it goes on with the others.</summary>
    public const int BackfillTenantFailed = 6205;

    /// <summary>A run's batch was cut off by the silo's stop; the run goes on from its last saved batch.</summary>
    public const int RunInterrupted = 6206;
}
