using OrleansFlows.Bench.Harness;

namespace OrleansFlows.Bench.QueueLeads;

/// <summary>The median of the measured runs of one store, prefetch and loop (warm-up left out), and whether every one was clean.</summary>
internal sealed record QueueLeadsMedian(
    string Store,
    int Prefetch,
    string Loop,
    int Runs,
    bool AllClean,
    double AcceptedPerSecond,
    double CompletedPerSecond,
    double? AcceptedPerSecondMiddle,
    double? CompletedPerSecondMiddle,
    double? ProductCpuPerLead,
    double? PostgresCpuPerLead,
    double? BrokerCpuPerLead,
    double? MachineBusyPercent,
    double? OtherPercent)
{
    public static List<QueueLeadsMedian> Of(IEnumerable<QueueLeadsRun> runs) =>
        runs.Where(r => r.Phase != "warmup")
            .GroupBy(r => (r.Store, r.Load.Prefetch, r.Load.Loop))
            .Select(g =>
            {
                var list = g.ToList();
                double? Median(Func<QueueLeadsRun, double?> figure)
                {
                    var values = list.Select(figure).Where(v => v is { } x && !double.IsNaN(x)).Select(v => v!.Value).ToArray();
                    return values.Length == 0 ? null : Stats.Round(Stats.Median(values), 3);
                }

                return new QueueLeadsMedian(
                    g.Key.Store,
                    g.Key.Prefetch,
                    g.Key.Loop,
                    list.Count,
                    list.All(r => r.Clean),
                    Median(r => r.Load.AcceptedPerSecond) ?? double.NaN,
                    Median(r => r.Load.CompletedPerSecond) ?? double.NaN,
                    Median(r => r.Load.AcceptedPerSecondMiddle),
                    Median(r => r.Load.CompletedPerSecondMiddle),
                    Median(r => r.Cpu?.PerLead.Product),
                    Median(r => r.Cpu?.PerLead.Postgres),
                    Median(r => r.Cpu?.PerLead.Broker),
                    Median(r => r.Cpu?.MachineBusyPercent),
                    Median(r => r.Cpu?.OtherPercent));
            })
            .ToList();
}
