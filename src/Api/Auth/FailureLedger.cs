using System.Collections.Concurrent;

namespace OrleansFlows.Api.Auth;

/// <summary>
/// Counts authentication failures per key (a client address or a key id) in a fixed window that starts at the first
/// failure, and locks a key out once it reaches its limit. It holds at most a bounded number of keys: when full, keys
/// whose window and lockout are over go first, then keys that are not locked out, then all of them.
/// </summary>
internal sealed class FailureLedger(int maxEntries)
{
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    // Counted here (ConcurrentDictionary.Count takes every lock); it may run a little ahead of the real count.
    private int _count;

    /// <summary>How many keys are tracked now.</summary>
    public int Count => _entries.Count;

    /// <summary>How long <paramref name="key"/> stays locked out, or null if it is not.</summary>
    public TimeSpan? LockedFor(string key, DateTimeOffset now) =>
        _entries.TryGetValue(key, out var entry) ? entry.LockedFor(now) : null;

    /// <summary>Whether <paramref name="key"/> failed within its current window or is locked out.</summary>
    public bool HasRecentFailures(string key, DateTimeOffset now) =>
        _entries.TryGetValue(key, out var entry) && entry.HasRecentFailures(now);

    /// <summary>Counts one failure; the key is locked out for <paramref name="lockout"/> when it reaches <paramref name="limit"/>.</summary>
    public void RecordFailure(string key, int limit, TimeSpan window, TimeSpan lockout, DateTimeOffset now)
    {
        if (!_entries.TryGetValue(key, out var entry))
        {
            if (Interlocked.Increment(ref _count) > maxEntries)
            {
                MakeRoom(now);
            }

            entry = _entries.GetOrAdd(key, _ => new Entry());
        }

        entry.Fail(limit, window, lockout, now);
    }

    private void MakeRoom(DateTimeOffset now)
    {
        Drop(entry => !entry.HasRecentFailures(now));
        if (Volatile.Read(ref _count) > maxEntries * 3 / 4)
        {
            Drop(entry => entry.LockedFor(now) is null);
        }

        if (Volatile.Read(ref _count) > maxEntries * 3 / 4)
        {
            _entries.Clear();
            Interlocked.Exchange(ref _count, 1);
        }
    }

    private void Drop(Func<Entry, bool> droppable)
    {
        foreach (var (key, entry) in _entries)
        {
            if (droppable(entry) && _entries.TryRemove(key, out _))
            {
                Interlocked.Decrement(ref _count);
            }
        }
    }

    private sealed class Entry
    {
        private readonly Lock _lock = new();
        private DateTimeOffset _windowEnds;
        private int _failures;
        private DateTimeOffset _lockedUntil;

        public TimeSpan? LockedFor(DateTimeOffset now)
        {
            lock (_lock)
            {
                return _lockedUntil > now ? _lockedUntil - now : null;
            }
        }

        public bool HasRecentFailures(DateTimeOffset now)
        {
            lock (_lock)
            {
                return _lockedUntil > now || (_failures > 0 && _windowEnds > now);
            }
        }

        public void Fail(int limit, TimeSpan window, TimeSpan lockout, DateTimeOffset now)
        {
            lock (_lock)
            {
                if (_windowEnds <= now)
                {
                    _windowEnds = now + window;
                    _failures = 0;
                }

                if (++_failures >= limit)
                {
                    // Locked out: the count starts afresh after the lockout, so a client that comes back gets its full allowance.
                    _lockedUntil = now + lockout;
                    _failures = 0;
                    _windowEnds = _lockedUntil;
                }
            }
        }
    }
}
