using System.Globalization;
using Microsoft.Extensions.Options;

namespace OrleansFlows.Storage;

/// <summary>Checks <see cref="StoreStartupOptions"/> at start-up and reports every problem at once.</summary>
public sealed class StoreStartupOptionsValidator : IValidateOptions<StoreStartupOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, StoreStartupOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.MaxAttempts < 1)
        {
            failures.Add(string.Create(CultureInfo.InvariantCulture, $"{StorageOptions.Section}:StoreStartup:{nameof(options.MaxAttempts)} must be at least 1; it is {options.MaxAttempts}."));
        }

        if (options.InitialDelay <= TimeSpan.Zero || options.MaxDelay < options.InitialDelay)
        {
            failures.Add($"{StorageOptions.Section}:StoreStartup:{nameof(options.InitialDelay)} must be positive and at most {nameof(options.MaxDelay)}; they are {options.InitialDelay} and {options.MaxDelay}.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
