using System.Text.Json.Nodes;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace OrleansFlows.Grains.Expressions;

/// <summary>
/// Runs one expression and one template when the silo starts, so the first tenant expressions don't pay for compiling
/// the script engine's code. Cold, that took more than the 100 ms wall-clock budget on a loaded 2-core machine, and
/// failed the first leads after a start.
/// </summary>
public sealed partial class ExpressionWarmup(ExpressionEvaluator evaluator, ILogger<ExpressionWarmup> logger) : IHostedService
{
    private static readonly ExpressionScope Scope = new(
        JsonNode.Parse("""{"email":"someone@example.com","tags":["a","b"]}"""),
        new JsonObject { ["enrich"] = new JsonObject { ["company"] = "Example" } },
        new JsonObject { ["email"] = "someone@example.com" });

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var started = TimeProvider.System.GetTimestamp();
        try
        {
            // The evaluator runs each call on its own thread and waits for it; this keeps the host's start thread free.
            await Task.Run(
                () =>
                {
                    evaluator.Evaluate("input.email.length > 10 && steps.enrich.company ? input.tags.join(',').toUpperCase() : 'none'", Scope);
                    evaluator.RenderTemplate("New lead {{ lead.email }} from {{ steps.enrich.company }}", Scope);
                },
                cancellationToken).ConfigureAwait(false);
            LogWarmedUp(logger, TimeProvider.System.GetElapsedTime(started).TotalMilliseconds);
        }
        catch (ExpressionException exception)
        {
            // Slow or refused, the silo still serves: only the first tenant expressions may be slower.
            LogWarmupFailed(logger, exception.Message);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 4100, Level = LogLevel.Information, Message = "Expression engine warmed up in {Milliseconds:0} ms")]
    private static partial void LogWarmedUp(ILogger logger, double milliseconds);

    [LoggerMessage(EventId = 4101, Level = LogLevel.Warning, Message = "Expression engine warm-up failed: {Reason}")]
    private static partial void LogWarmupFailed(ILogger logger, string reason);
}
