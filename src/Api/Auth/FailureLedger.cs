using System.Collections.Concurrent;

namespace OrleansFlows.Api.Auth;

/// <summary>
/// Counts authentication failures per key (a client address or a key id) in a fixed window that starts at the first
/// failure, and locks a key out once it reaches its limit. It holds at most <c>maxEntries</c> keys. When full, keys
/// whose window and lockout are over go first, then the keys that are not locked out, least recently failed first.
/// A locked-out key is never dropped before its lockout ends, so a flood of new keys can't lift a lockout; when every
/// tracked key is locked out, a new key's failure is not tracked (it is not throttled) until room frees up.
/// </summary>
internal sealed class FailureLedger(int maxEntries)
{
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly Lock _makingRoom = new();

    // Entries held plus places reserved for entries being added: raised before an add, lowered when an add finds the
    // key already there or an entry is removed, so it never exceeds maxEntries for long and never drifts.
    // Kept here because ConcurrentDictionary.Count takes every lock.
    private int _count;

    /// <summary>How many keys are tracked now.</summary>
    public int Count => _entries.Count;

    /// <summary>How long <paramref name="key"/> stays locked out, or null if it is not.</summary>
    public TimeSpan? LockedFor(string key, DateTimeOffset now) =>
        _entries.TryGetValue(key, out var entry) ? entry.LockedFor(now) : null;

    /// <summary>Whether <paramref name="key"/> failed within its current window or is locked out.</summary>
    public bool HasRecentFailures(string key, DateTimeOffset now) =>
        _entries.TryGetValue(key, out var entry) && entry.HasRecentFailures(now);

    /// <summary>
    /// Counts one failure; the key is locked out for <paramref name="lockout"/> when it reaches <paramref name="limit"/>.
    /// Returns false if the key is new and the ledger is full of locked-out keys, so the failure was not counted.
    /// </summary>
    public bool RecordFailure(string key, int limit, TimeSpan window, TimeSpan lockout, DateTimeOffset now)
    {
        if (!_entries.TryGetValue(key, out var entry))
        {
            if (Interlocked.Increment(ref _count) > maxEntries && !MakeRoom(now))
            {
                Interlocked.Decrement(ref _count);
                return false;
            }

            var added = new Entry();
            entry = _entries.GetOrAdd(key, added);
            if (!ReferenceEquals(entry, added))
            {
                // Another request added the key first: the place reserved above is not needed.
                Interlocked.Decrement(ref _count);
            }
        }

        entry.Fail(limit, window, lockout, now);
        return true;
    }

    /// <summary>Frees places down to three quarters of the bound when it can; true if the reserved place fits.</summary>
    private bool MakeRoom(DateTimeOffset now)
    {
        lock (_makingRoom)
        {
            if (Volatile.Read(ref _count) <= maxEntries)
            {
                return true;
            }

            // Freeing a quarter at a time keeps the cost of a scan spread over many new keys.
            var target = maxEntries * 3 / 4;
            foreach (var (key, entry) in _entries)
            {
                if (!entry.HasRecentFailures(now))
                {
                    Remove(key, entry);
                }
            }

            var excess = Volatile.Read(ref _count) - target;
            if (excess > 0)
            {
                var oldestUnlocked = _entries
                    .Where(pair => pair.Value.LockedFor(now) is null)
                    .Select(pair => (pair.Key, pair.Value, LastFailure: pair.Value.LastFailure))
                    .OrderBy(candidate => candidate.LastFailure)
                    .Take(excess)
                    .ToList();
                foreach (var (key, entry, _) in oldestUnlocked)
                {
                    Remove(key, entry);
                }
            }

            return Volatile.Read(ref _count) <= maxEntries;
        }
    }

    private void Remove(string key, Entry entry)
    {
        // Removes this entry only, not one another request put in its place meanwhile.
        if (_entries.TryRemove(new KeyValuePair<string, Entry>(key, entry)))
        {
            Interlocked.Decrement(ref _count);
        }
    }

    private sealed class Entry
    {
        private readonly Lock _lock = new();
        private DateTimeOffset _windowEnds;
        private int _failures;
        private DateTimeOffset _lockedUntil;
        private DateTimeOffset _lastFailure;

        public DateTimeOffset LastFailure
        {
            get
            {
                lock (_lock)
                {
                    return _lastFailure;
                }
            }
        }

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
                _lastFailure = now;
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
