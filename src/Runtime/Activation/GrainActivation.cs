using OrleansFlows.Runtime.Abstractions;
using OrleansFlows.Runtime.Identity;
using OrleansFlows.Runtime.Persistence;
using OrleansFlows.Runtime.Scheduling;
using OrleansFlows.Runtime.Timers;

namespace OrleansFlows.Runtime.Activation;

/// <summary>
/// One activation of a grain and its turn queue. It runs one writing turn at a time, or any number of read-only
/// turns together, in arrival order. The queue exists only while calls wait, so an idle activation stays small.
/// </summary>
internal sealed partial class GrainActivation
{
    private readonly GrainRuntime _runtime;
    private Queue<WorkItem>? _queue;
    private int _runningReaders;
    private bool _writerRunning;
    private long _lastActiveTicks;
    private TaskCompletionSource? _deactivated;
    private Grain? _grain;
    private IStateHandle[]? _states;
    private List<GrainTimer>? _timers;

    public GrainActivation(GrainId id, GrainRegistration registration, GrainRuntime runtime)
    {
        Id = id;
        Registration = registration;
        _runtime = runtime;
        _lastActiveTicks = Environment.TickCount64;

        // The activation turn holds the writer slot from birth, so no call can run before OnActivateAsync.
        _writerRunning = true;
    }

    public GrainId Id { get; }

    public GrainRegistration Registration { get; }

    public ActivationState State { get; private set; }

    public GrainRuntime Runtime => _runtime;

    /// <summary>The grain instance; only valid inside a turn after activation.</summary>
    public Grain GrainInstance => _grain ?? throw new InvalidOperationException($"Grain {Id} is not active.");

    /// <summary>Queues a turn. Returns false when the activation is deactivating or gone; the caller then retries on a new activation.</summary>
    public bool TryEnqueue(WorkItem item) => Enqueue(item, acceptWhileDeactivating: false);

    private bool Enqueue(WorkItem item, bool acceptWhileDeactivating)
    {
        lock (this)
        {
            if (State == ActivationState.Invalid || (State == ActivationState.Deactivating && !acceptWhileDeactivating))
            {
                return false;
            }

            if (item.KeepsAlive)
            {
                _lastActiveTicks = Environment.TickCount64;
            }

            if (_queue is not { Count: > 0 } && CanStart(item))
            {
                MarkRunning(item);
            }
            else
            {
                (_queue ??= new Queue<WorkItem>()).Enqueue(item);
                return true;
            }
        }

        _ = RunTurnAsync(item);
        return true;
    }

    /// <summary>Whether the activation has been idle for at least <paramref name="age"/>.</summary>
    public bool IsIdleFor(TimeSpan age, long nowTicks) =>
        State == ActivationState.Valid && !_writerRunning && _runningReaders == 0 && _queue is null
        && nowTicks - Volatile.Read(ref _lastActiveTicks) >= (long)age.TotalMilliseconds;

    /// <summary>Completes once the activation is gone (deactivated or failed to activate).</summary>
    public Task Deactivated
    {
        get
        {
            lock (this)
            {
                return State == ActivationState.Invalid
                    ? Task.CompletedTask
                    : (_deactivated ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;
            }
        }
    }

    private bool CanStart(WorkItem item) => !_writerRunning && (item.IsReadOnly || _runningReaders == 0);

    private void MarkRunning(WorkItem item)
    {
        if (item.IsReadOnly)
        {
            _runningReaders++;
        }
        else
        {
            _writerRunning = true;
        }
    }

    private async Task RunTurnAsync(WorkItem item)
    {
        // A turn no caller waits on still starts a chain at its own grain, so that a call back into the grain (from a
        // timer tick or OnActivateAsync, say) fails as a cycle at once instead of waiting behind the turn until timeout.
        CallContext.Chain = item.Chain ?? CallChain.Extend(null, Id, item.Description);
        try
        {
            await item.ExecuteAsync(this).ConfigureAwait(false);
        }
        finally
        {
            CallContext.Chain = null;
            OnTurnCompleted(item);
        }
    }

    private void OnTurnCompleted(WorkItem item)
    {
        lock (this)
        {
            if (item.IsReadOnly)
            {
                _runningReaders--;
            }
            else
            {
                _writerRunning = false;
            }

            if (item.KeepsAlive)
            {
                _lastActiveTicks = Environment.TickCount64;
            }

            while (_queue is { Count: > 0 } && CanStart(_queue.Peek()))
            {
                var next = _queue.Dequeue();
                MarkRunning(next);

                // Queued turns start on the thread pool: starting them inline would nest one turn inside another's stack.
                ThreadPool.UnsafeQueueUserWorkItem(static state => _ = state.Activation.RunTurnAsync(state.Item), (Activation: this, Item: next), preferLocal: true);
            }

            if (_queue is { Count: 0 })
            {
                _queue = null;
            }
        }
    }
}
