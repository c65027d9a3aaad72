using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using OrleansFlows.Runtime.Abstractions;
using OrleansFlows.Runtime.Identity;
using OrleansFlows.Runtime.Messaging;

namespace OrleansFlows.Runtime.Activation;

/// <summary>The activations of this silo, by grain id. It creates an activation on a grain's first call.</summary>
internal sealed partial class Catalog(GrainRegistry registry, GrainRuntime runtime, IGrainPlacement placement, ILogger<Catalog> logger) : IGrainCallDispatcher
{
    private readonly ConcurrentDictionary<GrainId, GrainActivation> _activations = new();
    private volatile bool _stopping;

    public int Count => _activations.Count;

    public void Dispatch(GrainId target, WorkItem item)
    {
        while (true)
        {
            if (!_activations.TryGetValue(target, out var activation))
            {
                if (placement.TryPlaceElsewhere(target, item, this))
                {
                    return;
                }

                if (_stopping)
                {
                    item.Fail(new SiloUnavailableException($"The silo is shutting down and activates no new grains; the call to {target} was not run. Retry it."));
                    return;
                }

                GrainRegistration registration;
                try
                {
                    registration = registry.Get(target.Type);
                }
                catch (InvalidOperationException exception)
                {
                    item.Fail(exception);
                    return;
                }

                var created = new GrainActivation(target, registration, runtime);
                if (!_activations.TryAdd(target, created))
                {
                    continue;
                }

                activation = created;
                activation.TryEnqueue(item);
                activation.StartActivation();
                return;
            }

            if (activation.TryEnqueue(item))
            {
                return;
            }

            var gone = activation.Deactivated;
            if (!gone.IsCompleted)
            {
                // Retry once the old activation has left, so the call runs on its successor.
                gone.ContinueWith(static (_, state) =>
                {
                    var (catalog, id, pending) = ((Catalog, GrainId, WorkItem))state!;
                    catalog.Dispatch(id, pending);
                }, (this, target, item), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
                return;
            }

            _activations.TryRemove(KeyValuePair.Create(target, activation));
        }
    }

    /// <summary>Starts deactivating every activation <paramref name="leaves"/> selects (after its current turn); returns how many.</summary>
    public int DeactivateWhere(Func<GrainId, bool> leaves, DeactivationReason reason)
    {
        var count = 0;
        foreach (var activation in _activations.Values)
        {
            if (leaves(activation.Id))
            {
                _ = activation.StartDeactivation(reason);
                count++;
            }
        }

        return count;
    }

    /// <summary>Stops taking turns and drops every activation without deactivating it, as a killed process would.</summary>
    public void AbandonAll()
    {
        _stopping = true;
        foreach (var activation in _activations.Values)
        {
            activation.Abandon(new SiloUnavailableException($"The silo was stopped abruptly; the turn for {activation.Id} was not run."));
        }
    }

    public void Remove(GrainActivation activation) => _activations.TryRemove(KeyValuePair.Create(activation.Id, activation));

    /// <summary>Deactivates activations idle for at least <paramref name="age"/>; returns how many it started.</summary>
    public int CollectIdle(TimeSpan age)
    {
        var now = Environment.TickCount64;
        var collected = 0;
        foreach (var activation in _activations.Values)
        {
            if (activation.IsIdleFor(age, now))
            {
                _ = activation.StartDeactivation(DeactivationReason.IdleCollection);
                collected++;
            }
        }

        return collected;
    }

    /// <summary>Stops creating activations and deactivates every one, after the turns already queued (pending writes included).</summary>
    public async Task DeactivateAllAsync(TimeSpan timeout)
    {
        _stopping = true;
        var deadline = Environment.TickCount64 + (long)timeout.TotalMilliseconds;

        // A call that passed the stopping check just before it was set may still add an activation, so sweep until none is left.
        while (!_activations.IsEmpty)
        {
            var all = _activations.Values.Select(a => a.StartDeactivation(DeactivationReason.ShuttingDown)).ToArray();
            var remaining = TimeSpan.FromMilliseconds(Math.Max(0, deadline - Environment.TickCount64));
            try
            {
                await Task.WhenAll(all).WaitAsync(remaining).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                LogDeactivationTimedOut(logger, all.Count(t => !t.IsCompleted), timeout);
                return;
            }
        }
    }

    [LoggerMessage(EventId = 1001, Level = LogLevel.Warning, Message = "{Remaining} activations had not deactivated after {Timeout}; the silo stops without them")]
    private static partial void LogDeactivationTimedOut(ILogger logger, int remaining, TimeSpan timeout);
}
