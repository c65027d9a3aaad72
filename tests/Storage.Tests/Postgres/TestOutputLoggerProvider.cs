using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace OrleansFlows.Storage.Tests.Postgres;

/// <summary>Writes warnings and errors of hosts a test starts to the test's output, so that a failure shows why.</summary>
internal sealed class TestOutputLoggerProvider(ITestOutputHelper output, string host) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => new Logger(output, host, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(ITestOutputHelper output, string host, string category) : ILogger
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

            try
            {
                output.WriteLine($"[{host}] {logLevel} {category}: {formatter(state, exception)}{(exception is null ? "" : Environment.NewLine + exception)}");
            }
            catch (InvalidOperationException)
            {
                // The test has finished; a host still stopping has nowhere to write.
            }
        }
    }
}
