using System.Diagnostics;

namespace OrleansFlows.Bench.Harness;

/// <summary>Process-wide counters read at the edges of a measurement window.</summary>
internal readonly record struct ProcessCounters(
    long Timestamp,
    long Calls,
    long AllocatedBytes,
    TimeSpan CpuTime,
    long ThreadPoolWorkItems,
    long LockContentions,
    int Gen0Collections,
    int Gen1Collections,
    int Gen2Collections,
    int ThreadPoolThreads,
    TimeSpan GcPause)
{
    public static ProcessCounters Take(long calls) => new(
        Stopwatch.GetTimestamp(),
        calls,
        GC.GetTotalAllocatedBytes(precise: true),
        Environment.CpuUsage.TotalTime,
        ThreadPool.CompletedWorkItemCount,
        Monitor.LockContentionCount,
        GC.CollectionCount(0),
        GC.CollectionCount(1),
        GC.CollectionCount(2),
        ThreadPool.ThreadCount,
        GC.GetTotalPauseDuration());
}

/// <summary>What one measurement window saw, per call where that makes sense.</summary>
internal sealed record WindowResult(
    double Seconds,
    long Calls,
    double CallsPerSecond,
    double AllocatedBytesPerCall,
    double CpuMicrosecondsPerCall,
    double CpuUtilizationPercent,
    double ThreadPoolWorkItemsPerCall,
    double LockContentionsPer1000Calls,
    int Gen0Collections,
    int Gen1Collections,
    int Gen2Collections,
    int ThreadPoolThreads,
    double GcPausePercent)
{
    public static WindowResult Between(ProcessCounters before, ProcessCounters after)
    {
        var seconds = Stopwatch.GetElapsedTime(before.Timestamp, after.Timestamp).TotalSeconds;
        var calls = after.Calls - before.Calls;
        double PerCall(double value) => calls == 0 ? double.NaN : value / calls;
        var cpu = (after.CpuTime - before.CpuTime).TotalSeconds;
        return new WindowResult(
            Stats.Round(seconds, 3),
            calls,
            Stats.Round(calls / seconds, 0),
            Stats.Round(PerCall(after.AllocatedBytes - before.AllocatedBytes)),
            Stats.Round(PerCall(cpu * 1e6), 3),
            Stats.Round(cpu / seconds / Environment.ProcessorCount * 100),
            Stats.Round(PerCall(after.ThreadPoolWorkItems - before.ThreadPoolWorkItems), 3),
            Stats.Round(PerCall((after.LockContentions - before.LockContentions) * 1000.0), 3),
            after.Gen0Collections - before.Gen0Collections,
            after.Gen1Collections - before.Gen1Collections,
            after.Gen2Collections - before.Gen2Collections,
            after.ThreadPoolThreads,
            Stats.Round((after.GcPause - before.GcPause).TotalSeconds / seconds * 100));
    }
}
