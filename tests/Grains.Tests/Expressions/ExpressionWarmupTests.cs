using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansFlows.Grains.Expressions;

namespace OrleansFlows.Grains.Tests.Expressions;

public sealed class ExpressionWarmupTests
{
    [Fact]
    public async Task Start_RunsItsExpressionAndTemplateWithoutRefusal()
    {
        var log = new ListLogger();
        var warmup = new ExpressionWarmup(new ExpressionEvaluator(Options.Create(new ExpressionOptions { Timeout = TimeSpan.FromSeconds(10) })), log);

        await warmup.StartAsync(CancellationToken.None);

        // A warm-up whose own expression the sandbox refused would log a warning and warm nothing.
        Assert.Contains(log.Entries, e => e.Level == LogLevel.Information && e.Message.StartsWith("Expression engine warmed up in", StringComparison.Ordinal));
        Assert.DoesNotContain(log.Entries, e => e.Level >= LogLevel.Warning);
    }

    /// <summary>A tight tenant backstop (1 ms, which a cold engine can't meet) does not apply to warm-up.</summary>
    [Fact]
    public async Task Start_TenantTimeoutTighterThanColdStart_StillWarmsUp()
    {
        var log = new ListLogger();
        var warmup = new ExpressionWarmup(new ExpressionEvaluator(Options.Create(new ExpressionOptions { Timeout = TimeSpan.FromMilliseconds(1) })), log);

        await warmup.StartAsync(CancellationToken.None);

        Assert.Contains(log.Entries, e => e.Level == LogLevel.Information && e.Message.StartsWith("Expression engine warmed up in", StringComparison.Ordinal));
        Assert.DoesNotContain(log.Entries, e => e.Level >= LogLevel.Warning);
    }

    [Fact]
    public async Task Start_WarmupRefusedByLimits_WarnsThatTheProductStillWorks()
    {
        var log = new ListLogger();
        var warmup = new ExpressionWarmup(new ExpressionEvaluator(Options.Create(new ExpressionOptions { MaxStatements = 1 })), log);

        await warmup.StartAsync(CancellationToken.None);

        var entry = Assert.Single(log.Entries);
        Assert.Equal(LogLevel.Warning, entry.Level);
        Assert.StartsWith("Expression engine warm-up expression was refused (executed more than 1 statements (ExpressionOptions.MaxStatements)); the product still works", entry.Message, StringComparison.Ordinal);
    }

    private sealed class ListLogger : ILogger<ExpressionWarmup>
    {
        public List<(LogLevel Level, string Message)> Entries { get; } = [];

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Entries.Add((logLevel, formatter(state, exception)));
    }
}
