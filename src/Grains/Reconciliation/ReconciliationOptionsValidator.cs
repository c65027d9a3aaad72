using System.Globalization;
using Microsoft.Extensions.Options;

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
        var failures = new List<string>();
        Range(failures, nameof(options.MaxConcurrentBatches), options.MaxConcurrentBatches, MaxMaxConcurrentBatches);
        Range(failures, nameof(options.MaxChunkAttempts), options.MaxChunkAttempts, MaxMaxChunkAttempts);
        Positive(failures, nameof(options.RunTimeout), options.RunTimeout);
        Positive(failures, nameof(options.ReminderRetryPeriod), options.ReminderRetryPeriod);
        Positive(failures, nameof(options.ChunkTimeout), options.ChunkTimeout);
        Positive(failures, nameof(options.StuckAfter), options.StuckAfter);
        if (options.ChunkRetryDelay < TimeSpan.Zero)
        {
            failures.Add($"{nameof(ReconciliationOptions)}.{nameof(options.ChunkRetryDelay)} must not be negative; it is {options.ChunkRetryDelay}.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Range(List<string> failures, string option, int value, int max)
    {
        if (value < 1 || value > max)
        {
            failures.Add(string.Create(CultureInfo.InvariantCulture, $"{nameof(ReconciliationOptions)}.{option} must be between 1 and {max}; it is {value}."));
        }
    }

    private static void Positive(List<string> failures, string option, TimeSpan value)
    {
        if (value <= TimeSpan.Zero)
        {
            failures.Add($"{nameof(ReconciliationOptions)}.{option} must be greater than zero; it is {value}.");
        }
    }
}
