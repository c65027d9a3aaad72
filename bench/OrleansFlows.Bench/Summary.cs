using System.Globalization;

namespace OrleansFlows.Bench;

/// <summary>A Markdown table of the headline figures, printed at the end of a run.</summary>
internal static class Summary
{
    public static void Write(BenchReport report, TextWriter output)
    {
        var rows = new List<(string Figure, string Goal, string Measured)>();
        foreach (var figure in report.CallThroughput ?? [])
        {
            rows.Add(($"calls/s, {figure.Name}, {figure.Concurrency} outstanding", "—",
                $"{N(figure.MedianCallsPerSecond)} calls/s (min {N(figure.MinCallsPerSecond)}, max {N(figure.MaxCallsPerSecond)}); {figure.MedianCpuMicrosecondsPerCall:0.###} µs CPU/call, {N(figure.MedianAllocatedBytesPerCall)} B/call"));
        }

        foreach (var figure in report.CallLatency ?? [])
        {
            rows.Add(($"single-call latency, {figure.Name}", "—", $"p50 {figure.MedianP50Microseconds:0.###} µs, p99 {figure.MedianP99Microseconds:0.###} µs"));
        }

        if (report.Memory is { } memory)
        {
            rows.Add(($"memory per idle activation, {N(memory.Activations)} CounterGrains (SQLite)", "—", $"{N(memory.TotalBytesPerActivation)} B in all"));
            rows.Add(("runtime overhead per activation (beyond grain + state objects and test probe)", $"≤ {N(memory.GoalRuntimeOverheadBytes)} B", $"{N(memory.RuntimeOverheadBytesPerActivation)} B"));
        }

        foreach (var figure in report.ActivationLatency ?? [])
        {
            rows.Add(($"activation latency, {figure.Store}", "—", $"p50 {N(figure.MedianP50Microseconds)} µs, p99 {N(figure.MedianP99Microseconds)} µs"));
        }

        foreach (var figure in report.Reminders ?? [])
        {
            var goal = figure.Store == "postgres" ? "≤ 5,000 ms" : "—";
            rows.Add(($"{N(figure.Reminders)} reminders due at once, {figure.Store}, {figure.Grain}", goal,
                $"last tick +{N(figure.MedianLastTickMs)} ms, last delivered +{N(figure.MedianLastDeliveredMs)} ms (median of {figure.Runs.Count})"));
        }

        output.WriteLine();
        output.WriteLine($"| figure ({report.Machine.ProcessorCount} cores) | goal | measured (median) |");
        output.WriteLine("|---|---|---|");
        foreach (var (figure, goal, measured) in rows)
        {
            output.WriteLine($"| {figure} | {goal} | {measured} |");
        }

        output.WriteLine();
    }

    private static string N(double value) => double.IsNaN(value) ? "n/a" : value.ToString("N0", CultureInfo.InvariantCulture);
}
