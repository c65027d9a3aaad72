using Microsoft.Extensions.Options;

namespace OrleansFlows.Grains.Expressions;

/// <summary>Checks <see cref="ExpressionOptions"/> at start-up and when an <see cref="ExpressionEvaluator"/> is created.</summary>
internal sealed class ExpressionOptionsValidator : IValidateOptions<ExpressionOptions>
{
    public ValidateOptionsResult Validate(string? name, ExpressionOptions options)
    {
        var failures = new List<string>();
        if (options.Timeout < TimeSpan.FromMilliseconds(1) || options.Timeout > TimeSpan.FromMinutes(1))
        {
            failures.Add($"{nameof(ExpressionOptions)}.{nameof(ExpressionOptions.Timeout)} must be between 1 ms and 1 minute; it is {options.Timeout}.");
        }

        if (options.RegexMatchTimeout < TimeSpan.FromMilliseconds(1) || options.RegexMatchTimeout > TimeSpan.FromMinutes(1))
        {
            failures.Add($"{nameof(ExpressionOptions)}.{nameof(ExpressionOptions.RegexMatchTimeout)} must be between 1 ms and 1 minute; it is {options.RegexMatchTimeout}.");
        }

        AddIfBelowOne(failures, nameof(ExpressionOptions.Workers), options.Workers);
        AddIfBelowOne(failures, nameof(ExpressionOptions.MaxQueuedPerTenant), options.MaxQueuedPerTenant);
        if (options.MaxWorkersPerTenant < 1 || options.MaxWorkersPerTenant > Math.Max(1, options.Workers))
        {
            failures.Add($"{nameof(ExpressionOptions)}.{nameof(ExpressionOptions.MaxWorkersPerTenant)} must be between 1 and {nameof(ExpressionOptions.Workers)} ({options.Workers}); it is {options.MaxWorkersPerTenant}.");
        }

        AddIfBelowOne(failures, nameof(ExpressionOptions.MaxStatements), options.MaxStatements);
        AddIfBelowOne(failures, nameof(ExpressionOptions.MaxRecursion), options.MaxRecursion);
        AddIfBelowOne(failures, nameof(ExpressionOptions.MaxResultBytes), options.MaxResultBytes);
        AddIfBelowOne(failures, nameof(ExpressionOptions.MaxStringLength), options.MaxStringLength);
        AddIfBelowOne(failures, nameof(ExpressionOptions.MaxArrayLength), options.MaxArrayLength);
        AddIfBelowOne(failures, nameof(ExpressionOptions.MaxCachedScripts), options.MaxCachedScripts);
        if (options.MaxExpressionLength is < 1 or > ExpressionOptions.MaxExpressionLengthCeiling)
        {
            failures.Add($"{nameof(ExpressionOptions)}.{nameof(ExpressionOptions.MaxExpressionLength)} must be between 1 and {ExpressionOptions.MaxExpressionLengthCeiling}; it is {options.MaxExpressionLength}.");
        }

        if (options.MaxAllocatedBytes < 1024 * 1024)
        {
            failures.Add($"{nameof(ExpressionOptions)}.{nameof(ExpressionOptions.MaxAllocatedBytes)} must be at least 1 MiB; it is {options.MaxAllocatedBytes}.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void AddIfBelowOne(List<string> failures, string property, int value)
    {
        if (value < 1)
        {
            failures.Add($"{nameof(ExpressionOptions)}.{property} must be at least 1; it is {value}.");
        }
    }
}
