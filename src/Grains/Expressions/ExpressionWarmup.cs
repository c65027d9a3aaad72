using System.Text.Json.Nodes;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OrleansFlows.Contracts.Tenants;

namespace OrleansFlows.Grains.Expressions;

/// <summary>
/// Runs one expression and one template when the silo starts, so the first tenant expressions don't pay for compiling
/// the script engine's code. Warm-up has its own wall-clock backstop of at least <see cref="WarmupTimeout"/>: compiling
/// the engine cold on a loaded machine can take seconds, and that says nothing about a tenant's expression.
/// </summary>
public sealed partial class ExpressionWarmup(ExpressionEvaluator evaluator, ILogger<ExpressionWarmup> logger) : IHostedService
{
    /// <summary>The shortest wall-clock backstop of the warm-up calls.</summary>
    public static readonly TimeSpan WarmupTimeout = TimeSpan.FromSeconds(30);

    // An id of its own, so warm-up waits in no real tenant's queue (a tenant given this id would share it only during start-up).
    private static readonly TenantId WarmupTenant = TenantId.Parse("expression-warm-up");

    private static readonly ExpressionScope Scope = new(
        JsonNode.Parse("""{"email":"someone@example.com","tags":["a","b"]}"""),
        new JsonObject { ["enrich"] = new JsonObject { ["company"] = "Example" } },
        new JsonObject { ["email"] = "someone@example.com" });

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var started = TimeProvider.System.GetTimestamp();
        try
        {
            await evaluator.WarmUpAsync(
                WarmupTenant,
                "input.email.length > 10 && steps.enrich.company ? input.tags.join(',').toUpperCase() : 'none'",
                "New lead {{ lead.email }} from {{ steps.enrich.company }}",
                Scope,
                WarmupTimeout,
                cancellationToken).ConfigureAwait(false);
            LogWarmedUp(logger, TimeProvider.System.GetElapsedTime(started).TotalMilliseconds);
        }
        catch (ExpressionException exception) when (exception.IsTransient)
        {
            // A very busy machine: nothing is wrong, the engine is compiled on first use instead.
            LogWarmupSlow(logger, TimeProvider.System.GetElapsedTime(started).TotalSeconds, exception.Detail);
        }
        catch (ExpressionException exception)
        {
            // The sandbox refused the warm-up's own expression: a defect worth a warning, but the silo still serves.
            LogWarmupRefused(logger, exception.Detail);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 4100, Level = LogLevel.Information, Message = "Expression engine warmed up in {Milliseconds:0} ms")]
    private static partial void LogWarmedUp(ILogger logger, double milliseconds);

    [LoggerMessage(EventId = 4101, Level = LogLevel.Information, Message = "Expression engine warm-up did not finish in {Seconds:0.#} s ({Reason}); the machine is busy. Nothing is wrong: warm-up only compiles the script engine ahead of time, tenant expressions run normally, and the first few may take longer")]
    private static partial void LogWarmupSlow(ILogger logger, double seconds, string reason);

    [LoggerMessage(EventId = 4102, Level = LogLevel.Warning, Message = "Expression engine warm-up expression was refused ({Reason}); the product still works and compiles the script engine on first use, but this is a defect in the warm-up or the sandbox limits (OrleansFlows:Expressions settings)")]
    private static partial void LogWarmupRefused(ILogger logger, string reason);
}
