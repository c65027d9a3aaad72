using System.Collections.Concurrent;

namespace OrleansFlows.TestKit.TestGrains;

/// <summary>
/// A silo-wide recorder the test grains report to (activations, deactivations, concurrency), so tests can observe
/// what happened inside grains without reaching into activations.
/// </summary>
public sealed class GrainProbe
{
    private readonly ConcurrentDictionary<string, int> _counters = new();
    private readonly Dictionary<string, int> _running = [];
    private readonly ConcurrentDictionary<string, int> _maxRunning = new();
    private readonly List<(string Counter, int Count, TaskCompletionSource Done)> _waits = [];
    private int _keysRunning;
    private int _maxKeysRunning;

    public int Get(string counter) => _counters.GetValueOrDefault(counter);

    public void Increment(string counter)
    {
        var value = _counters.AddOrUpdate(counter, 1, (_, v) => v + 1);
        lock (_waits)
        {
            for (var i = _waits.Count - 1; i >= 0; i--)
            {
                if (_waits[i].Counter == counter && value >= _waits[i].Count)
                {
                    _waits[i].Done.TrySetResult();
                    _waits.RemoveAt(i);
                }
            }
        }
    }

    /// <summary>Waits until <paramref name="counter"/> reaches <paramref name="count"/>, or fails with a message naming it and its value.</summary>
    public async Task WaitForCountAsync(string counter, int count, TimeSpan timeout, string? phase = null)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_waits)
        {
            if (Get(counter) >= count)
            {
                return;
            }

            _waits.Add((counter, count, done));
        }

        try
        {
            await done.Task.WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"{phase ?? "Waiting"}: expected counter '{counter}' to reach {count} within {timeout}, it is {Get(counter)}.");
        }
    }

    /// <summary>Marks a turn of kind <paramref name="kind"/> as running on <paramref name="key"/>; dispose when it ends.</summary>
    public IDisposable Enter(string key, string kind)
    {
        // One lock keeps the per-kind and per-key counts consistent, so a turn entering is never miscounted as mixed.
        lock (_running)
        {
            var running = _running[key + "/" + kind] = _running.GetValueOrDefault(key + "/" + kind) + 1;
            var total = _running[key] = _running.GetValueOrDefault(key) + 1;
            if (total == 1)
            {
                _maxKeysRunning = Math.Max(_maxKeysRunning, ++_keysRunning);
            }

            _maxRunning.AddOrUpdate(key + "/" + kind, running, (_, v) => Math.Max(v, running));
            _maxRunning.AddOrUpdate(key, total, (_, v) => Math.Max(v, total));
            _counters.AddOrUpdate($"{key}/{kind}/mixed", total > running ? 1 : 0, (_, v) => v + (total > running ? 1 : 0));
        }

        return new Exit(() =>
        {
            lock (_running)
            {
                _running[key + "/" + kind]--;
                if (--_running[key] == 0)
                {
                    _keysRunning--;
                }
            }
        });
    }

    /// <summary>The most turns of one kind that ran at once on a key (or of any kind, when <paramref name="kind"/> is null).</summary>
    public int MaxRunning(string key, string? kind = null) => _maxRunning.GetValueOrDefault(kind is null ? key : key + "/" + kind);

    /// <summary>The most different keys (grains) that had a turn running at once, silo-wide.</summary>
    public int MaxKeysRunning()
    {
        lock (_running)
        {
            return _maxKeysRunning;
        }
    }

    private sealed class Exit(Action exit) : IDisposable
    {
        public void Dispose() => exit();
    }
}
