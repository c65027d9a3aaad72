using System.Globalization;
using Microsoft.Extensions.Options;
using OrleansFlows.Grains.Configuration;

namespace OrleansFlows.Grains.Steps;

/// <summary>Checks <see cref="StepExecutorOptions"/> at start-up and reports every problem at once.</summary>
public sealed class StepExecutorOptionsValidator : IValidateOptions<StepExecutorOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, StepExecutorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new OptionsFailures(nameof(StepExecutorOptions));
        if (options.MaxConcurrentSteps < 1 || options.DefaultTenantConcurrency < 1)
        {
            failures.Add(string.Create(CultureInfo.InvariantCulture, $"{nameof(StepExecutorOptions)}.{nameof(options.MaxConcurrentSteps)} and {nameof(options.DefaultTenantConcurrency)} must be at least 1; they are {options.MaxConcurrentSteps} and {options.DefaultTenantConcurrency}."));
        }

        failures.Positive(nameof(options.TenantLimitsRefresh), options.TenantLimitsRefresh);
        failures.NotNegative(nameof(options.DrainTimeout), options.DrainTimeout);
        return failures.Result();
    }
}
