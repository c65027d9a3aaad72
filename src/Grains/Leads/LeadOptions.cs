namespace OrleansFlows.Grains.Leads;

/// <summary>Options for running leads (configuration section <c>OrleansFlows:Leads</c>).</summary>
public sealed class LeadOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "OrleansFlows:Leads";

    /// <summary>
    /// How long past a step's timeout the lead waits for its outcome before it runs the attempt again (the executor
    /// may have died with it). It covers queueing in the step executor. Default 2 minutes.
    /// </summary>
    public TimeSpan ResumeMargin { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>The timeout of steps that have none of their own (transform, branch, store, notify). Default 30 s.</summary>
    public TimeSpan DefaultStepTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The largest step output kept in the lead, in bytes of JSON. Default 64 KiB.</summary>
    public int MaxOutputBytes { get; set; } = 64 * 1024;

    /// <summary>
    /// A lead whose next wake time is at most this far ahead keeps a grain timer for it, so a 1 s retry backoff or a
    /// short wait keeps its precision; later wake times, and leads that are not active, are left to the sweepers. Default 1 minute.
    /// </summary>
    public TimeSpan TimerHorizon { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How often each sweeper looks for due leads of its partition. Default 5 s.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The most due leads one sweep wakes; the rest wait for the next sweep. Default 500.</summary>
    public int SweepBatchSize { get; set; } = 500;
}
