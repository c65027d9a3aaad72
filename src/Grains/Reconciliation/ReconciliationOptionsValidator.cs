using Microsoft.Extensions.Options;
using OrleansFlows.Grains.Configuration;

namespace OrleansFlows.Grains.Reconciliation;

/// <summary>Checks <see cref="ReconciliationOptions"/> at start-up and reports every problem at once.</summary>
public sealed class ReconciliationOptionsValidator : IValidateOptions<ReconciliationOptions>
{
    /// <summary>The most batches a silo may run at once.</summary>
    public const int MaxMaxConcurrentBatches = 256;

    /// <summary>The most attempts a chunk may get.</summary>
    public const int MaxMaxChunkAttempts = 10;

    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, ReconciliationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new OptionsFailures(nameof(ReconciliationOptions));
        failures.Between(nameof(options.MaxConcurrentBatches), options.MaxConcurrentBatches, 1, MaxMaxConcurrentBatches);
        failures.Between(nameof(options.MaxChunkAttempts), options.MaxChunkAttempts, 1, MaxMaxChunkAttempts);
        failures.Positive(nameof(options.RunTimeout), options.RunTimeout);
        failures.Positive(nameof(options.ReminderRetryPeriod), options.ReminderRetryPeriod);
        failures.Positive(nameof(options.ChunkTimeout), options.ChunkTimeout);
        failures.Positive(nameof(options.StuckAfter), options.StuckAfter);
        failures.NotNegative(nameof(options.ChunkRetryDelay), options.ChunkRetryDelay);
        return failures.Result();
    }
}
