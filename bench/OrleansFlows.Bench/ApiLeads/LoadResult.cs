using System.Globalization;
using OrleansFlows.Bench.Flows;
using OrleansFlows.Bench.Harness;

namespace OrleansFlows.Bench.ApiLeads;

/// <summary>
/// What a load run saw, as the client and the Slack stand-in saw it. Rates count from the first webhook's due time:
/// accepted/s to the last accepting answer, completed/s to the last Slack arrival. Ack latency is due time → answer
/// (the wait for a pooled connection included), end-to-end latency due time → Slack arrival; in the open loop the due
/// time is the schedule's, so a late answer never delays the next webhook nor hides its own lateness.
/// </summary>
internal sealed record LoadResult(
    string Loop,
    int Offered,
    double? OfferedPerSecond,
    int InFlight,
    int Connections,
    int Accepted,
    int Replayed,
    IReadOnlyDictionary<string, int> Refused,
    int Completed,
    int AcceptedNotCompleted,
    int DuplicateMessages,
    int UnknownMessages,
    double SendSeconds,
    double AcceptSeconds,
    double CompleteSeconds,
    double AcceptedPerSecond,
    double CompletedPerSecond,
    LatencySummary Ack,
    LatencySummary EndToEnd,
    LatencySummary SendLag,
    IReadOnlyList<string> FirstErrors,
    string? ArrivalStreamError)
{
    public static LoadResult From(LoadPlan plan, IReadOnlyList<LoadLead> leads, CompletionWatcher watcher)
    {
        var first = leads.Where(l => l.IntendedTicks != 0).Select(l => l.IntendedTicks).DefaultIfEmpty(0).Min();
        var accepted = leads.Where(l => l.Accepted).ToArray();
        var completed = leads.Where(l => l.CompletedTicks != 0).ToArray();
        double Seconds(long until) => until == 0 || first == 0 ? double.NaN : TimeSpan.FromTicks(until - first).TotalSeconds;
        var sendSeconds = Seconds(leads.Select(l => l.IntendedTicks).DefaultIfEmpty(0).Max());
        var acceptSeconds = Seconds(accepted.Select(l => l.AckTicks).DefaultIfEmpty(0).Max());
        var completeSeconds = Seconds(completed.Select(l => l.CompletedTicks).DefaultIfEmpty(0).Max());
        static double Milliseconds(long from, long to) => TimeSpan.FromTicks(to - from).TotalMilliseconds;
        return new LoadResult(
            plan.Loop,
            leads.Count,
            plan.Loop == LoadPlan.Open ? plan.Rate : null,
            plan.Loop == LoadPlan.Closed ? plan.InFlight : 0,
            plan.Connections,
            accepted.Length,
            leads.Count(l => l.Status == 200),
            leads.Where(l => !l.Accepted).GroupBy(l => l.Status == 0 ? "no answer" : l.Status.ToString(CultureInfo.InvariantCulture)).ToDictionary(g => g.Key, g => g.Count()),
            completed.Length,
            accepted.Count(l => l.CompletedTicks == 0),
            watcher.Duplicates,
            watcher.Unknown,
            Stats.Round(sendSeconds, 3),
            Stats.Round(acceptSeconds, 3),
            Stats.Round(completeSeconds, 3),
            Stats.Round(accepted.Length / acceptSeconds),
            Stats.Round(completed.Length / completeSeconds),
            LeadRound.Percentiles(accepted.Select(l => Milliseconds(l.IntendedTicks, l.AckTicks)).ToArray()),
            LeadRound.Percentiles(completed.Select(l => Milliseconds(l.IntendedTicks, l.CompletedTicks)).ToArray()),
            LeadRound.Percentiles(leads.Where(l => l.SentTicks != 0).Select(l => Milliseconds(l.IntendedTicks, l.SentTicks)).ToArray()),
            leads.Where(l => l.Error is not null).Select(l => $"{l.Reference}: {l.Error}").Take(5).ToList(),
            watcher.StreamError);
    }
}
