using System.Collections.Concurrent;
using System.Diagnostics.Tracing;

namespace OrleansFlows.Bench.Harness;

/// <summary>
/// A sampling allocation profiler in-process: the runtime raises <c>GCAllocationTick</c> about once per 100 KB
/// allocated, naming the type of the object that crossed the mark. Summing the sampled amounts by type estimates
/// where the allocated bytes go, with no external tools.
/// </summary>
internal sealed class AllocationSampler : EventListener
{
    private const string RuntimeSourceName = "Microsoft-Windows-DotNETRuntime";
    private const long GcKeyword = 0x1;

    private readonly ConcurrentDictionary<string, TypeSample> _byType = new();
    private EventSource? _runtimeSource;
    private volatile bool _recording;

    /// <summary>How many allocation ticks were seen while recording.</summary>
    public int Samples => _byType.Values.Sum(s => s.Count);

    public void Start()
    {
        _byType.Clear();
        _recording = true;
        if (_runtimeSource is { } source)
        {
            EnableEvents(source, EventLevel.Verbose, (EventKeywords)GcKeyword);
        }
    }

    /// <summary>Stops recording and returns the sampled bytes by type, largest first.</summary>
    public IReadOnlyList<(string Type, long Bytes, int Samples, long TypicalObjectSize)> Stop()
    {
        _recording = false;
        if (_runtimeSource is { } source)
        {
            DisableEvents(source);
        }

        return _byType
            .Select(pair => (pair.Key, pair.Value.Bytes, pair.Value.Count, pair.Value.LastObjectSize))
            .OrderByDescending(entry => entry.Bytes)
            .ToList();
    }

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        // Called from the base constructor for sources that already exist, before this object's fields are set;
        // only remember the source here, and enable it in Start.
        if (eventSource.Name == RuntimeSourceName)
        {
            _runtimeSource = eventSource;
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        if (!_recording || eventData.EventName is null || !eventData.EventName.StartsWith("GCAllocationTick", StringComparison.Ordinal))
        {
            return;
        }

        var typeName = Payload(eventData, "TypeName") as string ?? "(unknown)";
        var amount = Convert.ToInt64(Payload(eventData, "AllocationAmount64") ?? Payload(eventData, "AllocationAmount") ?? 0L);
        var size = Convert.ToInt64(Payload(eventData, "ObjectSize") ?? 0L);
        var sample = _byType.GetOrAdd(typeName, _ => new TypeSample());
        lock (sample)
        {
            sample.Bytes += amount;
            sample.Count++;
            sample.LastObjectSize = size;
        }
    }

    private static object? Payload(EventWrittenEventArgs eventData, string name)
    {
        var index = eventData.PayloadNames?.IndexOf(name) ?? -1;
        return index >= 0 && eventData.Payload is { } payload && index < payload.Count ? payload[index] : null;
    }

    private sealed class TypeSample
    {
        public long Bytes { get; set; }

        public int Count { get; set; }

        public long LastObjectSize { get; set; }
    }
}
