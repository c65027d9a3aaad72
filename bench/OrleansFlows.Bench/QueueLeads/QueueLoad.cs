using OrleansFlows.Bench.ApiLeads;
using OrleansFlows.Bench.Flows;
using OrleansFlows.Bench.Harness;

namespace OrleansFlows.Bench.QueueLeads;

/// <summary>
/// What one queue run saw. The clock starts when the consumer started consuming (<c>lastConnectedAt</c> of the trigger,
/// the product's UTC clock) for a pre-filled queue, and at the first message's due time for a steady rate. Accepted/s
/// counts to the first trigger reading with every message acked (readings every <see cref="TriggerProbe.Interval"/>);
/// completed/s to the last Slack arrival. The <c>…Middle</c> rates leave out the start and the tail: from 10 % to 90 %
/// of the messages acked (readings) or arrived at Slack. In the steady loop, end-to-end latency is due time → Slack
/// arrival, and the backlog is messages published and not yet acked, at the readings.
/// </summary>
internal sealed record QueueLoad(
    string Loop,
    string Queue,
    int Prefetch,
    int Messages,
    double? OfferedPerSecond,
    double? FillSeconds,
    long Consumed,
    long Acked,
    long Rejected,
    long Requeued,
    uint LeftInQueue,
    int Completed,
    int DuplicateMessages,
    int UnknownMessages,
    double AcceptSeconds,
    double CompleteSeconds,
    double AcceptedPerSecond,
    double CompletedPerSecond,
    double? AcceptedPerSecondMiddle,
    double? CompletedPerSecondMiddle,
    LatencySummary? EndToEnd,
    long? MaxBacklog,
    int TriggerReadings,
    string? LastError,
    string? ArrivalStreamError)
{
    public static QueueLoad From(
        string loop,
        string queue,
        int prefetch,
        double? offeredPerSecond,
        double? fillSeconds,
        IReadOnlyList<LoadLead> leads,
        long startTicks,
        IReadOnlyList<TriggerSample> samples,
        uint leftInQueue,
        CompletionWatcher watcher)
    {
        // Readings from before the trigger moved to this run's queue are the previous consumer's.
        samples = samples.Where(s => s.Queue == queue).ToList();
        var messages = leads.Count;
        var last = samples.Count > 0 ? samples[^1] : throw new InvalidOperationException($"No trigger reading for queue {queue}.");
        var allAcked = samples.FirstOrDefault(s => s.Acked >= messages);
        double Seconds(long until) => until == 0 ? double.NaN : TimeSpan.FromTicks(until - startTicks).TotalSeconds;
        var acceptSeconds = Seconds(allAcked?.Ticks ?? 0);
        var arrivals = leads.Where(l => l.CompletedTicks != 0).Select(l => l.CompletedTicks).Order().ToArray();
        var completeSeconds = Seconds(arrivals.Length == 0 ? 0 : arrivals[^1]);

        double? acceptedMiddle = null;
        var tenth = samples.FirstOrDefault(s => s.Acked >= messages / 10);
        var ninetieth = samples.FirstOrDefault(s => s.Acked >= messages * 9 / 10);
        if (tenth is not null && ninetieth is not null && ninetieth.Ticks > tenth.Ticks)
        {
            acceptedMiddle = Stats.Round((ninetieth.Acked - tenth.Acked) / TimeSpan.FromTicks(ninetieth.Ticks - tenth.Ticks).TotalSeconds);
        }

        double? completedMiddle = null;
        if (arrivals.Length >= 10)
        {
            var (from, to) = (arrivals.Length / 10, (arrivals.Length * 9 / 10) - 1);
            if (arrivals[to] > arrivals[from])
            {
                completedMiddle = Stats.Round((to - from) / TimeSpan.FromTicks(arrivals[to] - arrivals[from]).TotalSeconds);
            }
        }

        LatencySummary? endToEnd = null;
        long? maxBacklog = null;
        if (loop == QueueLeadsSettings.Steady)
        {
            endToEnd = LeadRound.Percentiles(leads.Where(l => l.CompletedTicks != 0)
                .Select(l => TimeSpan.FromTicks(l.CompletedTicks - l.IntendedTicks).TotalMilliseconds).ToArray());
            var due = leads.Select(l => l.IntendedTicks).Order().ToArray();
            maxBacklog = samples.Select(s => CountUpTo(due, s.Ticks) - s.Acked).DefaultIfEmpty(0).Max();
        }

        return new QueueLoad(
            loop,
            queue,
            prefetch,
            messages,
            offeredPerSecond,
            fillSeconds is { } fill ? Stats.Round(fill, 2) : null,
            last.Consumed,
            last.Acked,
            last.Rejected,
            last.Requeued,
            leftInQueue,
            arrivals.Length,
            watcher.Duplicates,
            watcher.Unknown,
            Stats.Round(acceptSeconds, 3),
            Stats.Round(completeSeconds, 3),
            Stats.Round(last.Acked / acceptSeconds),
            Stats.Round(arrivals.Length / completeSeconds),
            acceptedMiddle,
            completedMiddle,
            endToEnd,
            maxBacklog,
            samples.Count,
            last.LastError,
            watcher.StreamError);
    }

    // How many of the sorted due times are at or before the reading.
    private static long CountUpTo(long[] sortedTicks, long ticks)
    {
        var index = Array.BinarySearch(sortedTicks, ticks);
        if (index < 0)
        {
            return ~index;
        }

        while (index + 1 < sortedTicks.Length && sortedTicks[index + 1] == ticks)
        {
            index++;
        }

        return index + 1;
    }
}
