using Microsoft.Extensions.Options;

namespace OrleansFlows.Runtime.Reminders;

/// <summary>Checks <see cref="ReminderOptions"/> at start-up.</summary>
internal sealed class ReminderOptionsValidator : IValidateOptions<ReminderOptions>
{
    public ValidateOptionsResult Validate(string? name, ReminderOptions options)
    {
        var failures = new List<string>();
        if (options.MinimumPeriod <= TimeSpan.Zero)
        {
            failures.Add($"{nameof(ReminderOptions)}.{nameof(ReminderOptions.MinimumPeriod)} must be greater than zero; it is {options.MinimumPeriod}.");
        }

        if (options.PollInterval <= TimeSpan.Zero)
        {
            failures.Add($"{nameof(ReminderOptions)}.{nameof(ReminderOptions.PollInterval)} must be greater than zero; it is {options.PollInterval}.");
        }

        if (options.LeaseDuration <= options.PollInterval)
        {
            failures.Add($"{nameof(ReminderOptions)}.{nameof(ReminderOptions.LeaseDuration)} ({options.LeaseDuration}) must be longer than {nameof(ReminderOptions.PollInterval)} ({options.PollInterval}).");
        }

        if (options.ClaimBatchSize is < 1 or > 100_000)
        {
            failures.Add($"{nameof(ReminderOptions)}.{nameof(ReminderOptions.ClaimBatchSize)} must be between 1 and 100000; it is {options.ClaimBatchSize}.");
        }

        if (options.MaxConcurrentDeliveries < 1)
        {
            failures.Add($"{nameof(ReminderOptions)}.{nameof(ReminderOptions.MaxConcurrentDeliveries)} must be at least 1; it is {options.MaxConcurrentDeliveries}.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
