using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace OrleansFlows.Bench.Flows;

/// <summary>Counts the silo's warnings and errors by category and event, keeping the first message of each.</summary>
internal sealed class LogCounter : ILoggerProvider
{
    private readonly ConcurrentDictionary<(string Category, int EventId, LogLevel Level), Entry> _entries = new();

    public int Total => _entries.Values.Sum(e => e.Count);

    /// <summary>What was logged so far, most frequent first.</summary>
    public IReadOnlyList<LoggedEvent> Snapshot() => _entries
        .Select(e => new LoggedEvent(e.Key.Level.ToString(), e.Key.Category, e.Key.EventId, e.Value.Count, e.Value.FirstMessage))
        .OrderByDescending(e => e.Count)
        .ToList();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private void Add(string category, EventId eventId, LogLevel level, string message)
    {
        var entry = _entries.GetOrAdd((category, eventId.Id, level), _ => new Entry(message.Length > 500 ? message[..500] + "…" : message));
        Interlocked.Increment(ref entry.Count);
    }

    private sealed class Entry(string firstMessage)
    {
        // A field: incremented with Interlocked.
        public int Count;

        public string FirstMessage { get; } = firstMessage;
    }

    private sealed class Logger(LogCounter counter, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
            {
                return;
            }

            var message = formatter(state, exception);
            if (exception is not null)
            {
                message += $" ({exception.GetType().Name}: {exception.Message})";
            }

            counter.Add(category, eventId, logLevel, message);
        }
    }
}

/// <summary>Log entries of one category, event and level.</summary>
internal sealed record LoggedEvent(string Level, string Category, int EventId, int Count, string FirstMessage);
