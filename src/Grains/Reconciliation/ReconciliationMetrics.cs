using System.Diagnostics.Metrics;
using OrleansFlows.Contracts.Reconciliation;

namespace OrleansFlows.Grains.Reconciliation;

/// <summary>
/// Instruments of the nightly reconciliation (meter <c>OrleansFlows.Reconciliation</c>): runs finished by outcome and
/// trigger, and how long they took, per tenant.
/// </summary>
internal static class ReconciliationMetrics
{
    /// <summary>The meter's name.</summary>
    public const string MeterName = "OrleansFlows.Reconciliation";

    /// <summary>Tag naming the tenant; hosts may drop it for large fleets.</summary>
    public const string TenantTag = "tenant";

    /// <summary>Tag with the run's outcome: <c>completed</c> or <c>failed</c>.</summary>
    public const string OutcomeTag = "outcome";

    /// <summary>Tag with what started the run: <c>scheduled</c>, <c>catch-up</c>, <c>manual</c>, <c>forced</c>.</summary>
    public const string TriggerTag = "trigger";

    // Batches run from seconds to many minutes.
    private static readonly double[] RunBuckets = [0.1, 0.5, 1, 5, 10, 30, 60, 120, 300, 600, 1800, 3600];

    private static readonly Meter Meter = new(MeterName);

    /// <summary>Reconciliation runs that finished.</summary>
    public static readonly Counter<long> Runs = Meter.CreateCounter<long>("orleansflows.reconciliation.runs", "{run}", "Reconciliation runs that finished.");

    /// <summary>From a run's start to its outcome, resumes included.</summary>
    public static readonly Histogram<double> RunDuration = Meter.CreateHistogram<double>(
        "orleansflows.reconciliation.run_duration", "s", "How long reconciliation runs took, from start to outcome.", tags: null, advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = RunBuckets });

    /// <summary>Counts a finished run and records its duration.</summary>
    public static void Finished(string tenant, ReconciliationTrigger trigger, bool succeeded, TimeSpan duration)
    {
        KeyValuePair<string, object?>[] tags =
        [
            new(TenantTag, tenant),
            new(OutcomeTag, ReconciliationRows.StatusName(succeeded ? ReconciliationRunStatus.Completed : ReconciliationRunStatus.Failed)),
            new(TriggerTag, ReconciliationRows.TriggerName(trigger)),
        ];
        Runs.Add(1, tags);
        RunDuration.Record(Math.Max(0, duration.TotalSeconds), tags);
    }
}
