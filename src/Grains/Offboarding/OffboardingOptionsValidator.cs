using System.Globalization;
using Microsoft.Extensions.Options;

namespace OrleansFlows.Grains.Offboarding;

/// <summary>Checks <see cref="OffboardingOptions"/> at start-up and reports every problem at once.</summary>
public sealed class OffboardingOptionsValidator : IValidateOptions<OffboardingOptions>
{
    /// <summary>The largest batch.</summary>
    public const int MaxBatchSize = 5_000;

    /// <summary>The longest grace period: a year.</summary>
    public static readonly TimeSpan MaxGracePeriod = TimeSpan.FromDays(365);

    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, OffboardingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.GracePeriod <= TimeSpan.Zero || options.GracePeriod > MaxGracePeriod)
        {
            failures.Add($"{nameof(OffboardingOptions)}.{nameof(options.GracePeriod)} must be greater than zero and at most {MaxGracePeriod}; it is {options.GracePeriod}.");
        }

        if (options.BatchSize < 1 || options.BatchSize > MaxBatchSize)
        {
            failures.Add(string.Create(CultureInfo.InvariantCulture, $"{nameof(OffboardingOptions)}.{nameof(options.BatchSize)} must be between 1 and {MaxBatchSize}; it is {options.BatchSize}."));
        }

        if (options.ReminderRetryPeriod <= TimeSpan.Zero)
        {
            failures.Add($"{nameof(OffboardingOptions)}.{nameof(options.ReminderRetryPeriod)} must be greater than zero; it is {options.ReminderRetryPeriod}.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
