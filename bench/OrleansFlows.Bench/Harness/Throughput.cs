using System.Diagnostics;

namespace OrleansFlows.Bench.Harness;

/// <summary>One throughput figure: consecutive measurement windows of one closed-loop load, after a warm-up.</summary>
internal sealed record ThroughputFigure(
    string Name,
    int Grains,
    int Concurrency,
    double MedianCallsPerSecond,
    double MinCallsPerSecond,
    double MaxCallsPerSecond,
    double MedianAllocatedBytesPerCall,
    double MedianCpuMicrosecondsPerCall,
    double MedianCallsPerCpuSecond,
    double MedianCpuUtilizationPercent,
    double MedianThreadPoolWorkItemsPerCall,
    double MedianLockContentionsPer1000Calls,
    double MedianGcPausePercent,
    IReadOnlyList<WindowResult> Runs)
{
    public static async Task<ThroughputFigure> MeasureAsync(
        string name, int grains, int concurrency, Func<int, long, Task> call, TimeSpan warmup, TimeSpan window, int runs, TextWriter log)
    {
        var load = CallLoad.Start(concurrency, call);
        var windows = new List<WindowResult>();
        try
        {
            await Task.Delay(warmup);
            load.ThrowIfFailed();
            for (var run = 0; run < runs; run++)
            {
                var before = ProcessCounters.Take(load.Completed);
                await Task.Delay(window);
                var after = ProcessCounters.Take(load.Completed);
                load.ThrowIfFailed();
                windows.Add(WindowResult.Between(before, after));
            }
        }
        finally
        {
            await load.StopAsync();
        }

        double Median(Func<WindowResult, double> value) => Stats.Median(windows.Select(value).ToArray());
        var figure = new ThroughputFigure(
            name,
            grains,
            concurrency,
            Median(w => w.CallsPerSecond),
            windows.Min(w => w.CallsPerSecond),
            windows.Max(w => w.CallsPerSecond),
            Median(w => w.AllocatedBytesPerCall),
            Median(w => w.CpuMicrosecondsPerCall),
            Stats.Round(Median(w => 1e6 / w.CpuMicrosecondsPerCall), 0),
            Median(w => w.CpuUtilizationPercent),
            Median(w => w.ThreadPoolWorkItemsPerCall),
            Median(w => w.LockContentionsPer1000Calls),
            Median(w => w.GcPausePercent),
            windows);
        log.WriteLine(
            $"  {name,-58} {figure.MedianCallsPerSecond,12:N0} calls/s (min {figure.MinCallsPerSecond:N0}, max {figure.MaxCallsPerSecond:N0}); " +
            $"{figure.MedianAllocatedBytesPerCall:N0} B/call, {figure.MedianCpuMicrosecondsPerCall:N3} µs CPU/call ({figure.MedianCallsPerCpuSecond:N0}/CPU-s), " +
            $"{figure.MedianThreadPoolWorkItemsPerCall:N2} pool items/call, GC pauses {figure.MedianGcPausePercent:N1}%, CPU {figure.MedianCpuUtilizationPercent:N0}%");
        return figure;
    }
}

/// <summary>Single-call latency: one call outstanding at a time.</summary>
internal sealed record LatencyFigure(
    string Name,
    int Runs,
    int SamplesPerRun,
    double MedianP50Microseconds,
    double MedianP99Microseconds,
    double MedianP999Microseconds,
    double MedianMeanMicroseconds,
    IReadOnlyList<double> P50ByRun,
    IReadOnlyList<double> P99ByRun)
{
    public static async Task<LatencyFigure> MeasureAsync(string name, Func<long, Task> call, int warmupCalls, int samples, int runs, TextWriter log)
    {
        for (var i = 0; i < warmupCalls; i++)
        {
            await call(i);
        }

        var p50 = new List<double>();
        var p99 = new List<double>();
        var p999 = new List<double>();
        var mean = new List<double>();
        var micros = new double[samples];
        for (var run = 0; run < runs; run++)
        {
            for (var i = 0; i < samples; i++)
            {
                var start = Stopwatch.GetTimestamp();
                await call(i);
                micros[i] = Stats.MicrosecondsSince(start);
            }

            p50.Add(Stats.Round(Stats.Percentile(micros, 50), 3));
            p99.Add(Stats.Round(Stats.Percentile(micros, 99), 3));
            p999.Add(Stats.Round(Stats.Percentile(micros, 99.9), 3));
            mean.Add(Stats.Round(micros.Average(), 3));
        }

        var figure = new LatencyFigure(name, runs, samples, Stats.Median(p50), Stats.Median(p99), Stats.Median(p999), Stats.Median(mean), p50, p99);
        log.WriteLine($"  {name,-58} p50 {figure.MedianP50Microseconds,8:N3} µs   p99 {figure.MedianP99Microseconds,8:N3} µs   p99.9 {figure.MedianP999Microseconds,8:N3} µs   mean {figure.MedianMeanMicroseconds,8:N3} µs");
        return figure;
    }
}
