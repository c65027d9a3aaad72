using System.Diagnostics;

namespace OrleansFlows.Bench.Harness;

/// <summary>Order statistics over measured samples.</summary>
internal static class Stats
{
    /// <summary>The nearest-rank percentile (0 &lt; <paramref name="percent"/> ≤ 100) of unsorted samples.</summary>
    public static double Percentile(IReadOnlyCollection<double> samples, double percent)
    {
        if (samples.Count == 0)
        {
            return double.NaN;
        }

        var sorted = samples.Order().ToArray();
        var rank = (int)Math.Ceiling(percent / 100.0 * sorted.Length);
        return sorted[Math.Clamp(rank, 1, sorted.Length) - 1];
    }

    /// <summary>The median; for an even count, the mean of the two middle values.</summary>
    public static double Median(IReadOnlyCollection<double> samples)
    {
        if (samples.Count == 0)
        {
            return double.NaN;
        }

        var sorted = samples.Order().ToArray();
        var middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    /// <summary>Microseconds since a <see cref="Stopwatch.GetTimestamp"/> value, at the timer's full resolution (TimeSpan would round to 0.1 µs).</summary>
    public static double MicrosecondsSince(long startTimestamp) =>
        (Stopwatch.GetTimestamp() - startTimestamp) * 1e6 / Stopwatch.Frequency;

    public static double Round(double value, int digits = 1) => Math.Round(value, digits, MidpointRounding.AwayFromZero);
}
