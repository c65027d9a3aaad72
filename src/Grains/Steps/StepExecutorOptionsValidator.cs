using System.Globalization;
using Microsoft.Extensions.Options;

namespace OrleansFlows.Grains.Steps;

/// <summary>Checks <see cref="StepExecutorOptions"/> at start-up and reports every problem at once.</summary>
public sealed class StepExecutorOptionsValidator : IValidateOptions<StepExecutorOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, StepExecutorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.MaxConcurrentSteps < 1 || options.DefaultTenantConcurrency < 1)
        {
            failures.Add(string.Create(CultureInfo.InvariantCulture, $"{nameof(StepExecutorOptions)}.{nameof(options.MaxConcurrentSteps)} and {nameof(options.DefaultTenantConcurrency)} must be at least 1; they are {options.MaxConcurrentSteps} and {options.DefaultTenantConcurrency}."));
        }

        if (options.TenantLimitsRefresh <= TimeSpan.Zero)
        {
            failures.Add($"{nameof(StepExecutorOptions)}.{nameof(options.TenantLimitsRefresh)} must be positive; it is {options.TenantLimitsRefresh}.");
        }

        if (options.DrainTimeout < TimeSpan.Zero)
        {
            failures.Add($"{nameof(StepExecutorOptions)}.{nameof(options.DrainTimeout)} must not be negative; it is {options.DrainTimeout}.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
