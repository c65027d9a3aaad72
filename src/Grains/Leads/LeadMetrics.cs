using System.Diagnostics.Metrics;
using OrleansFlows.Contracts.Leads;

namespace OrleansFlows.Grains.Leads;

/// <summary>
/// Instruments of the leads (meter <c>OrleansFlows.Leads</c>): leads accepted, completed and failed by tenant and
/// workflow, and how late leads are woken against their due time.
/// </summary>
internal static class LeadMetrics
{
    /// <summary>The meter's name.</summary>
    public const string MeterName = "OrleansFlows.Leads";

    /// <summary>Tag naming the tenant; hosts may drop it for large fleets.</summary>
    public const string TenantTag = "tenant";

    /// <summary>Tag naming the workflow.</summary>
    public const string WorkflowTag = "workflow";

    /// <summary>Tag on the wake lag naming what woke the lead: <see cref="WokenByTimer"/> or <see cref="WokenBySweeper"/>.</summary>
    public const string WokenByTag = "woken_by";

    /// <summary>The lead's own grain timer woke it.</summary>
    public const string WokenByTimer = "timer";

    /// <summary>A sweeper found the lead's row due and woke it (a far wake time, a lead whose silo died, a restart).</summary>
    public const string WokenBySweeper = "sweeper";

    private static readonly Meter Meter = new(MeterName);

    /// <summary>Leads accepted (stored), once per lead.</summary>
    public static readonly Counter<long> Accepted = Meter.CreateCounter<long>("orleansflows.leads.accepted", "{lead}", "Leads accepted.");

    /// <summary>Leads that completed.</summary>
    public static readonly Counter<long> Completed = Meter.CreateCounter<long>("orleansflows.leads.completed", "{lead}", "Leads that completed.");

    /// <summary>Leads that failed (each time a lead fails, also after a retry).</summary>
    public static readonly Counter<long> Failed = Meter.CreateCounter<long>("orleansflows.leads.failed", "{lead}", "Leads that failed.");

    /// <summary>How long after its due time a lead was woken, by its timer or by a sweeper.</summary>
    public static readonly Histogram<double> WakeLag = Meter.CreateHistogram<double>(
        "orleansflows.leads.wake_lag", "s", "Delay between when a lead was due to wake and when it was woken.", tags: null, advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = Steps.StepMetrics.SecondsBuckets });

    /// <summary>Records how late a lead was woken, and by what.</summary>
    public static void RecordWakeLag(TimeSpan lag, string wokenBy) =>
        WakeLag.Record(Math.Max(0, lag.TotalSeconds), new KeyValuePair<string, object?>(WokenByTag, wokenBy));

    /// <summary>Counts a status the lead reached and stored.</summary>
    public static void Reached(LeadStatus status, string tenant, string workflow)
    {
        var counter = status switch
        {
            LeadStatus.Accepted => Accepted,
            LeadStatus.Completed => Completed,
            LeadStatus.Failed => Failed,
            _ => null,
        };
        counter?.Add(1, new KeyValuePair<string, object?>(TenantTag, tenant), new KeyValuePair<string, object?>(WorkflowTag, workflow));
    }
}
