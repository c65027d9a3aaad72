using System.Collections.Concurrent;
using System.Diagnostics;
using OrleansFlows.Runtime.Diagnostics;

namespace OrleansFlows.Bench.Flows;

/// <summary>
/// Follows leads through the silo's <c>StateWritten</c> events (published after each commit of a lead grain), without
/// polling: each tracked lead counts its commits and keeps the time of its last one, and completes at the commit that
/// ends its run when the run takes the expected number (submission plus one per step; checked afterwards).
/// </summary>
internal sealed class LeadTracker : IObserver<KeyValuePair<string, object?>>
{
    private const string LeadGrainType = "lead";

    private readonly ConcurrentDictionary<string, TrackedLead> _leads = new(StringComparer.Ordinal);
    private long _leadWrites;
    private long _otherWrites;

    /// <summary>Commits of tracked lead grains so far.</summary>
    public long LeadWrites => Interlocked.Read(ref _leadWrites);

    /// <summary>Commits of every other grain (tenants, workflows, untracked leads) so far.</summary>
    public long OtherWrites => Interlocked.Read(ref _otherWrites);

    /// <summary>Subscribes to the silo's StateWritten events only.</summary>
    public IDisposable Subscribe(RuntimeEvents events) => events.Listener.Subscribe(this, name => name == RuntimeEvents.StateWritten);

    public TrackedLead Track(string leadGrainKey, int expectedWrites)
    {
        var lead = new TrackedLead(expectedWrites);
        _leads[leadGrainKey] = lead;
        return lead;
    }

    /// <summary>Stops following leads of earlier rounds.</summary>
    public void Clear() => _leads.Clear();

    public void OnNext(KeyValuePair<string, object?> value)
    {
        if (value.Value is not RuntimeEvent { Name: RuntimeEvents.StateWritten } e)
        {
            return;
        }

        if (e.GrainId.Type.Value == LeadGrainType && _leads.TryGetValue(e.GrainId.Key, out var lead))
        {
            Interlocked.Increment(ref _leadWrites);
            lead.Written(Stopwatch.GetTimestamp());
            return;
        }

        Interlocked.Increment(ref _otherWrites);
    }

    public void OnCompleted()
    {
    }

    public void OnError(Exception error)
    {
    }
}

/// <summary>One lead's submission and commits, in <see cref="Stopwatch"/> timestamps.</summary>
internal sealed class TrackedLead(int expectedWrites)
{
    private readonly TaskCompletionSource _completed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _writes;
    private long _lastWriteAt;

    public long SubmittedAt { get; set; }

    /// <summary>When the submission call returned (the lead's first commit is in).</summary>
    public long AcceptedAt { get; set; }

    /// <summary>The commit that made the expected count, or 0.</summary>
    public long CompletedAt { get; private set; }

    public long LastWriteAt => Interlocked.Read(ref _lastWriteAt);

    public int Writes => Volatile.Read(ref _writes);

    /// <summary>Completes at the expected commit.</summary>
    public Task Completed => _completed.Task;

    public void Written(long timestamp)
    {
        Interlocked.Exchange(ref _lastWriteAt, timestamp);
        if (Interlocked.Increment(ref _writes) == expectedWrites)
        {
            CompletedAt = timestamp;
            _completed.TrySetResult();
        }
    }
}
