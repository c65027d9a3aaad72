using Microsoft.Extensions.Options;
using OrleansFlows.Grains.Configuration;

namespace OrleansFlows.Grains.Retention;

/// <summary>Checks <see cref="RetentionOptions"/> at start-up and reports every problem at once.</summary>
public sealed class RetentionOptionsValidator : IValidateOptions<RetentionOptions>
{
    /// <summary>The largest batch.</summary>
    public const int MaxBatchSize = 5_000;

    /// <summary>The most batches of one run.</summary>
    public const int MaxMaxBatchesPerRun = 1_000;

    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, RetentionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new OptionsFailures(nameof(RetentionOptions));
        failures.Between(nameof(options.BatchSize), options.BatchSize, 1, MaxBatchSize);
        failures.Between(nameof(options.MaxBatchesPerRun), options.MaxBatchesPerRun, 1, MaxMaxBatchesPerRun);
        failures.Positive(nameof(options.ReminderRetryPeriod), options.ReminderRetryPeriod);
        return failures.Result();
    }
}
