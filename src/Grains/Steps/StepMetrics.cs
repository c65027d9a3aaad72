using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;
using OrleansFlows.Contracts.Leads;

namespace OrleansFlows.Grains.Steps;

/// <summary>
/// Instruments of the step executor (meter <c>OrleansFlows.Steps</c>): each attempt's duration by kind and outcome,
/// outbound calls by status class, and the executor's backlog (attempts queued and not yet running), in total and per
/// tenant. The backlog is the signal to scale silos on.
/// </summary>
internal static class StepMetrics
{
    /// <summary>The meter's name.</summary>
    public const string MeterName = "OrleansFlows.Steps";

    /// <summary>Name of the per-tenant backlog gauge; hosts may drop it for large fleets.</summary>
    public const string TenantBacklogName = "orleansflows.executor.tenant_backlog";

    /// <summary>Bucket bounds for durations in seconds, from a fast transform to a slow outbound call.</summary>
    public static readonly double[] SecondsBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

    private static readonly Meter Meter = new(MeterName);

    // The executors of this process (one per silo); weakly held so that a stopped silo's queue is not kept alive.
    private static readonly ConditionalWeakTable<FairStepQueue, object?> Queues = [];

    /// <summary>How long each step attempt ran, by <c>kind</c> and <c>outcome</c> (succeeded, failed, retryable).</summary>
    public static readonly Histogram<double> StepDuration = Meter.CreateHistogram<double>(
        "orleansflows.step.duration", "s", "Duration of step attempts.", tags: null, advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = SecondsBuckets });

    /// <summary>Outbound HTTP calls of steps, by <c>status_class</c> (2xx … 5xx, or none) and <c>outcome</c>.</summary>
    public static readonly Counter<long> OutboundCalls = Meter.CreateCounter<long>("orleansflows.outbound.calls", "{call}", "Outbound HTTP calls made by steps.");

    static StepMetrics()
    {
        Meter.CreateObservableGauge("orleansflows.executor.backlog", ObserveTotal, "{attempt}", "Step attempts queued in the executor and not yet running.");
        Meter.CreateObservableGauge(TenantBacklogName, ObservePerTenant, "{attempt}", "Step attempts queued in the executor and not yet running, per tenant.");
    }

    /// <summary>Reports this queue's backlog from now on.</summary>
    public static void Track(FairStepQueue queue) => Queues.AddOrUpdate(queue, null);

    /// <summary>The outcome tag of an attempt.</summary>
    public static string OutcomeOf(StepOutcome outcome) =>
        outcome.Succeeded ? "succeeded" : outcome.Retryable ? "retryable" : "failed";

    /// <summary>The status class tag of an outbound call: <c>2xx</c> … <c>5xx</c>, or <c>none</c> when no answer came.</summary>
    public static string StatusClassOf(int? status) => status is { } code and >= 100 and < 600 ? $"{code / 100}xx" : "none";

    private static int ObserveTotal() => Queues.Sum(q => q.Key.Pending);

    private static IEnumerable<Measurement<int>> ObservePerTenant() =>
        Queues.SelectMany(q => q.Key.PendingByTenant())
            .GroupBy(p => p.Tenant)
            .Select(g => new Measurement<int>(g.Sum(p => p.Pending), new KeyValuePair<string, object?>("tenant", g.Key.Value)));
}
