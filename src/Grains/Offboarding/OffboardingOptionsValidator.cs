using Microsoft.Extensions.Options;
using OrleansFlows.Grains.Configuration;

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
        var failures = new OptionsFailures(nameof(OffboardingOptions));
        failures.Positive(nameof(options.GracePeriod), options.GracePeriod, MaxGracePeriod);
        failures.Between(nameof(options.BatchSize), options.BatchSize, 1, MaxBatchSize);
        failures.Positive(nameof(options.ReminderRetryPeriod), options.ReminderRetryPeriod);
        return failures.Result();
    }
}
