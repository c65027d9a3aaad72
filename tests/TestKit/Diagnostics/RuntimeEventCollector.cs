using System.Collections.Concurrent;
using OrleansFlows.Runtime.Diagnostics;
using OrleansFlows.Runtime.Identity;

namespace OrleansFlows.TestKit;

/// <summary>
/// Records a silo's runtime events so that tests wait on them instead of sleeping. Arm a wait with
/// <see cref="WaitForAsync"/> before acting; it also sees events recorded earlier.
/// </summary>
public sealed class RuntimeEventCollector : IObserver<KeyValuePair<string, object?>>, IDisposable
{
    private readonly ConcurrentQueue<RuntimeEvent> _events = new();
    private readonly List<(Func<RuntimeEvent, bool> Match, int Count, TaskCompletionSource Done)> _waits = [];
    private readonly IDisposable _subscription;

    public RuntimeEventCollector(RuntimeEvents events) => _subscription = events.Listener.Subscribe(this);

    /// <summary>Every event so far.</summary>
    public IReadOnlyCollection<RuntimeEvent> All => _events;

    /// <summary>How many events named <paramref name="name"/> concern <paramref name="grainId"/>.</summary>
    public int Count(string name, GrainId grainId) => _events.Count(e => e.Name == name && e.GrainId == grainId);

    /// <summary>Waits until <paramref name="count"/> events match, or fails with a message naming the phase and what was seen.</summary>
    public async Task WaitForAsync(string name, GrainId grainId, int count = 1, TimeSpan? timeout = null, string? phase = null)
    {
        bool Match(RuntimeEvent e) => e.Name == name && e.GrainId == grainId;
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_waits)
        {
            if (_events.Count(Match) >= count)
            {
                return;
            }

            _waits.Add((Match, count, done));
        }

        var limit = timeout ?? TimeSpan.FromSeconds(15);
        try
        {
            await done.Task.WaitAsync(limit);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException(
                $"{phase ?? "Waiting"}: expected {count} '{name}' event(s) for {grainId} within {limit}, saw {_events.Count(Match)}. " +
                $"Events for it: [{string.Join(", ", _events.Where(e => e.GrainId == grainId).Select(e => e.Name + (e.Detail is null ? "" : $"({e.Detail})")))}]");
        }
    }

    void IObserver<KeyValuePair<string, object?>>.OnNext(KeyValuePair<string, object?> value)
    {
        if (value.Value is not RuntimeEvent runtimeEvent)
        {
            return;
        }

        lock (_waits)
        {
            _events.Enqueue(runtimeEvent);
            for (var i = _waits.Count - 1; i >= 0; i--)
            {
                var (match, count, done) = _waits[i];
                if (match(runtimeEvent) && _events.Count(match) >= count)
                {
                    done.TrySetResult();
                    _waits.RemoveAt(i);
                }
            }
        }
    }

    void IObserver<KeyValuePair<string, object?>>.OnCompleted()
    {
    }

    void IObserver<KeyValuePair<string, object?>>.OnError(Exception error)
    {
    }

    /// <inheritdoc />
    public void Dispose() => _subscription.Dispose();
}
