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
}
