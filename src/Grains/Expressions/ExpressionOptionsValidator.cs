using Microsoft.Extensions.Options;
using OrleansFlows.Grains.Configuration;

namespace OrleansFlows.Grains.Expressions;

/// <summary>Checks <see cref="ExpressionOptions"/> at start-up and when an <see cref="ExpressionEvaluator"/> is created.</summary>
internal sealed class ExpressionOptionsValidator : IValidateOptions<ExpressionOptions>
{
    public ValidateOptionsResult Validate(string? name, ExpressionOptions options)
    {
        var failures = new OptionsFailures(nameof(ExpressionOptions));
        if (options.Timeout < TimeSpan.FromMilliseconds(1) || options.Timeout > TimeSpan.FromMinutes(1))
        {
            failures.Add($"{nameof(ExpressionOptions)}.{nameof(ExpressionOptions.Timeout)} must be between 1 ms and 1 minute; it is {options.Timeout}.");
        }

        if (options.RegexMatchTimeout < TimeSpan.FromMilliseconds(1) || options.RegexMatchTimeout > TimeSpan.FromMinutes(1))
        {
            failures.Add($"{nameof(ExpressionOptions)}.{nameof(ExpressionOptions.RegexMatchTimeout)} must be between 1 ms and 1 minute; it is {options.RegexMatchTimeout}.");
        }

        failures.AtLeast(nameof(ExpressionOptions.Workers), options.Workers, 1);
        failures.AtLeast(nameof(ExpressionOptions.MaxQueuedPerTenant), options.MaxQueuedPerTenant, 1);
        if (options.MaxWorkersPerTenant < 1 || options.MaxWorkersPerTenant > Math.Max(1, options.Workers))
        {
            failures.Add($"{nameof(ExpressionOptions)}.{nameof(ExpressionOptions.MaxWorkersPerTenant)} must be between 1 and {nameof(ExpressionOptions.Workers)} ({options.Workers}); it is {options.MaxWorkersPerTenant}.");
        }

        failures.AtLeast(nameof(ExpressionOptions.MaxStatements), options.MaxStatements, 1);
        failures.AtLeast(nameof(ExpressionOptions.MaxRecursion), options.MaxRecursion, 1);
        failures.AtLeast(nameof(ExpressionOptions.MaxResultBytes), options.MaxResultBytes, 1);
        failures.AtLeast(nameof(ExpressionOptions.MaxStringLength), options.MaxStringLength, 1);
        failures.AtLeast(nameof(ExpressionOptions.MaxArrayLength), options.MaxArrayLength, 1);
        failures.AtLeast(nameof(ExpressionOptions.MaxCachedScripts), options.MaxCachedScripts, 1);
        failures.Between(nameof(ExpressionOptions.MaxExpressionLength), options.MaxExpressionLength, 1, ExpressionOptions.MaxExpressionLengthCeiling);

        if (options.MaxAllocatedBytes < 1024 * 1024)
        {
            failures.Add($"{nameof(ExpressionOptions)}.{nameof(ExpressionOptions.MaxAllocatedBytes)} must be at least 1 MiB; it is {options.MaxAllocatedBytes}.");
        }

        return failures.Result();
    }
}
