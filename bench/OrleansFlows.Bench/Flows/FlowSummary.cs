using System.Globalization;

namespace OrleansFlows.Bench.Flows;

/// <summary>A Markdown table of the headline figures of a <c>leads</c> or <c>fairness</c> run.</summary>
internal static class FlowSummary
{
    public static void Write(FlowReport report, TextWriter output)
    {
        var rows = new List<(string Figure, string Goal, string Measured)>();
        foreach (var figure in report.Leads ?? [])
        {
            var goal = figure.Store == "postgres" ? "2,000 runs/s" : "—";
            rows.Add((
                $"lead-to-customer runs/s, {figure.Store}, {figure.Tenants} tenant(s), {figure.InFlight} in flight",
                goal,
                $"{N(figure.MedianRunsPerSecond)} runs/s (runs {string.Join(", ", figure.Runs.Select(r => N(r.RunsPerSecond)))}); " +
                $"latency p50 {F(figure.MedianP50Ms)} ms, p99 {F(figure.MedianP99Ms)} ms; " +
                $"{F2(figure.MedianTransactionsPerLead)} transactions/lead, {F2(figure.MedianStatementsPerLead)} statements/lead" +
                $"{(figure.AllClean ? "" : "; NOT ALL CLEAN")}"));
            rows.Add((
                $"one lead at a time, {figure.Store}",
                "—",
                $"p50 {F(figure.SerialLatency.P50)} ms, p99 {F(figure.SerialLatency.P99)} ms"));
        }

        foreach (var figure in report.Fairness ?? [])
        {
            rows.Add((
                $"B's latency while A's backlog is large, {figure.Store}",
                "≤ 2× idle",
                $"median {F(figure.ProbeLoadedMedianMs)} ms, worst {F(figure.ProbeLoadedMaxMs)} ms vs idle {F(figure.ProbeIdleMedianMs)} ms " +
                $"= {figure.LoadedToIdleMedian:0.00}× / {figure.LoadedToIdleWorst:0.00}×"));
            rows.Add((
                $"A's throughput, {N(figure.FloodLeads)} leads at {N(figure.FloodDelayMs)} ms, {figure.Store}",
                $"ceiling {N(figure.FloodCeilingLeadsPerSecond)}/s",
                $"alone {F(figure.FloodAlone.LeadsPerSecond)}/s, with B {F(figure.FloodWithProbes.LeadsPerSecond)}/s (ratio {figure.FloodThroughputRatio:0.000})"));
        }

        output.WriteLine();
        output.WriteLine($"| figure ({report.Machine.ProcessorCount} cores) | goal | measured |");
        output.WriteLine("|---|---|---|");
        foreach (var (figure, goal, measured) in rows)
        {
            output.WriteLine($"| {figure} | {goal} | {measured} |");
        }

        output.WriteLine();
    }

    private static string N(double value) => double.IsNaN(value) ? "n/a" : value.ToString("N0", CultureInfo.InvariantCulture);

    private static string F2(double value) => double.IsNaN(value) ? "n/a" : value.ToString("N2", CultureInfo.InvariantCulture);

    private static string F(double value) => double.IsNaN(value) ? "n/a" : value.ToString("N1", CultureInfo.InvariantCulture);
}
