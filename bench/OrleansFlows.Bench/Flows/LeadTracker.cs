using System.Collections.Concurrent;
using System.Diagnostics;

namespace OrleansFlows.Bench.Flows;

/// <summary>
/// Follows leads through the row storage's commits (<see cref="StateCommits"/>, reported after each committed write of
/// a grain's state), without polling: each tracked lead counts its commits and keeps the time of its last one, and
/// completes at the commit that ends its run when the run takes the expected number (submission plus one per step;
/// checked afterwards).
/// </summary>
internal sealed class LeadTracker
{
    private readonly ConcurrentDictionary<GrainId, TrackedLead> _leads = new();
    private long _leadWrites;
    private long _otherWrites;

    /// <summary>Commits of tracked lead grains so far.</summary>
    public long LeadWrites => Interlocked.Read(ref _leadWrites);

    /// <summary>Commits of every other grain (tenants, workflows, untracked leads) so far.</summary>
    public long OtherWrites => Interlocked.Read(ref _otherWrites);

    /// <summary>Follows the silo's commits until disposed.</summary>
    public IDisposable Subscribe(StateCommits commits) => commits.Subscribe(Written);

    public TrackedLead Track(GrainId leadGrain, int expectedWrites)
    {
        var lead = new TrackedLead(expectedWrites);
        _leads[leadGrain] = lead;
        return lead;
    }

    /// <summary>Stops following leads of earlier rounds.</summary>
    public void Clear() => _leads.Clear();

    private void Written(GrainId grainId)
    {
        if (_leads.TryGetValue(grainId, out var lead))
        {
            Interlocked.Increment(ref _leadWrites);
            lead.Written(Stopwatch.GetTimestamp());
            return;
        }

        Interlocked.Increment(ref _otherWrites);
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
