using System.Collections.Concurrent;

namespace OrleansFlows.TestKit.TestGrains;

/// <summary>
/// A silo-wide recorder the test grains report to (activations, deactivations, concurrency), so tests can observe
/// what happened inside grains without reaching into activations.
/// </summary>
public sealed class GrainProbe
{
    private readonly ConcurrentDictionary<string, int> _counters = new();
    private readonly ConcurrentDictionary<string, int> _running = new();
    private readonly ConcurrentDictionary<string, int> _maxRunning = new();

    public int Get(string counter) => _counters.GetValueOrDefault(counter);

    public void Increment(string counter) => _counters.AddOrUpdate(counter, 1, (_, v) => v + 1);

    /// <summary>Marks a turn of kind <paramref name="kind"/> as running on <paramref name="key"/>; dispose when it ends.</summary>
    public IDisposable Enter(string key, string kind)
    {
        var running = _running.AddOrUpdate(key + "/" + kind, 1, (_, v) => v + 1);
        var total = _running.AddOrUpdate(key, 1, (_, v) => v + 1);
        _maxRunning.AddOrUpdate(key + "/" + kind, running, (_, v) => Math.Max(v, running));
        _maxRunning.AddOrUpdate(key, total, (_, v) => Math.Max(v, total));
        _counters.AddOrUpdate($"{key}/{kind}/mixed", total > running ? 1 : 0, (_, v) => v + (total > running ? 1 : 0));
        return new Exit(() =>
        {
            _running.AddOrUpdate(key + "/" + kind, 0, (_, v) => v - 1);
            _running.AddOrUpdate(key, 0, (_, v) => v - 1);
        });
    }

    /// <summary>The most turns of one kind that ran at once on a key (or of any kind, when <paramref name="kind"/> is null).</summary>
    public int MaxRunning(string key, string? kind = null) => _maxRunning.GetValueOrDefault(kind is null ? key : key + "/" + kind);

    private sealed class Exit(Action exit) : IDisposable
    {
        public void Dispose() => exit();
    }
}
