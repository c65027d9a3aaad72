using System.Globalization;
using Microsoft.Extensions.Options;

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
        var failures = new List<string>();
        Range(failures, nameof(options.BatchSize), options.BatchSize, MaxBatchSize);
        Range(failures, nameof(options.MaxBatchesPerRun), options.MaxBatchesPerRun, MaxMaxBatchesPerRun);
        if (options.ReminderRetryPeriod <= TimeSpan.Zero)
        {
            failures.Add($"{nameof(RetentionOptions)}.{nameof(options.ReminderRetryPeriod)} must be greater than zero; it is {options.ReminderRetryPeriod}.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Range(List<string> failures, string option, int value, int max)
    {
        if (value < 1 || value > max)
        {
            failures.Add(string.Create(CultureInfo.InvariantCulture, $"{nameof(RetentionOptions)}.{option} must be between 1 and {max}; it is {value}."));
        }
    }
}
