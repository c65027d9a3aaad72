using Microsoft.Extensions.Logging;
using OrleansFlows.Runtime.Abstractions;
using OrleansFlows.Runtime.Diagnostics;
using OrleansFlows.Runtime.Timers;

namespace OrleansFlows.Runtime.Activation;

internal sealed partial class GrainActivation
{
    /// <summary>Runs the activation turn: create the grain, load its state, call <c>OnActivateAsync</c>.</summary>
    public void StartActivation() => _ = RunTurnAsync(new LifecycleTurn("activation", activation => activation.ActivateAsync()));

    /// <summary>Queues deactivation after the turns already queued; calls arriving later go to a new activation.</summary>
    public Task StartDeactivation(DeactivationReason reason)
    {
        lock (this)
        {
            if (State >= ActivationState.Deactivating)
            {
                return Deactivated;
            }

            State = ActivationState.Deactivating;
        }

        Enqueue(new LifecycleTurn("deactivation", activation => activation.DeactivateAsync(reason)), acceptWhileDeactivating: true);
        return Deactivated;
    }

    // Timers are added in turns but removed from timer threads (a tick that finds the activation gone), so the list is
    // guarded by the activation's lock.
    internal void AddTimer(GrainTimer timer)
    {
        lock (this)
        {
            (_timers ??= []).Add(timer);
        }
    }

    internal void RemoveTimer(GrainTimer timer)
    {
        lock (this)
        {
            _timers?.Remove(timer);
        }
    }

    private async Task ActivateAsync()
    {
        try
        {
            (_grain, _states) = Registration.Create(_runtime, this);
            foreach (var state in _states)
            {
                await state.ReadStateAsync().ConfigureAwait(false);
            }

            await _grain.OnActivateAsync(CancellationToken.None).ConfigureAwait(false);
            lock (this)
            {
                if (State == ActivationState.Activating)
                {
                    State = ActivationState.Valid;
                }
            }

            _runtime.Events.Publish(RuntimeEvents.Activated, Id);
        }
        catch (Exception exception)
        {
            LogActivationFailed(_runtime.Logger, Id, exception);
            _runtime.Events.Publish(RuntimeEvents.ActivationFailed, Id, exception.Message);
            Retire(exception);
        }
    }

    private async Task DeactivateAsync(DeactivationReason reason)
    {
        GrainTimer[] timers;
        lock (this)
        {
            timers = _timers?.ToArray() ?? [];
        }

        foreach (var timer in timers)
        {
            timer.Dispose();
        }

        try
        {
            await GrainInstance.OnDeactivateAsync(reason, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            // The activation goes away regardless; its state was written by its own turns, never here.
            LogDeactivationHookFailed(_runtime.Logger, Id, exception);
        }

        Retire(new InvalidOperationException($"Activation of {Id} was deactivated."));
        _runtime.Events.Publish(RuntimeEvents.Deactivated, Id, reason.ToString());
    }

    /// <summary>
    /// Drops the activation at once, as a crashed process would: no deactivation hook, no further turn, timers stopped,
    /// queued turns failed with <paramref name="failure"/>. A turn already running finishes on its own.
    /// </summary>
    public void Abandon(Exception failure)
    {
        GrainTimer[] timers;
        lock (this)
        {
            timers = _timers?.ToArray() ?? [];
        }

        foreach (var timer in timers)
        {
            timer.Dispose();
        }

        Retire(failure);
    }

    /// <summary>Marks the activation gone, fails anything still queued, and leaves the catalog.</summary>
    private void Retire(Exception pendingFailure)
    {
        WorkItem[] pending;
        TaskCompletionSource? deactivated;
        lock (this)
        {
            State = ActivationState.Invalid;
            pending = _queue?.ToArray() ?? [];
            _queue = null;
            deactivated = _deactivated;
        }

        _runtime.Catalog.Remove(this);
        foreach (var item in pending)
        {
            item.Fail(pendingFailure);
        }

        deactivated?.TrySetResult();
    }

    [LoggerMessage(EventId = 1100, Level = LogLevel.Warning, Message = "Activation of {GrainId} failed; its pending calls fail with the error")]
    private static partial void LogActivationFailed(ILogger logger, Identity.GrainId grainId, Exception exception);

    [LoggerMessage(EventId = 1101, Level = LogLevel.Warning, Message = "OnDeactivateAsync of {GrainId} failed")]
    private static partial void LogDeactivationHookFailed(ILogger logger, Identity.GrainId grainId, Exception exception);

    private sealed class LifecycleTurn(string description, Func<GrainActivation, Task> run) : WorkItem
    {
        public override bool KeepsAlive => false;

        public override string Description => description;

        public override Task ExecuteAsync(GrainActivation activation) => run(activation);

        public override void Fail(Exception exception)
        {
        }
    }
}
