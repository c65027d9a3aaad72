using Microsoft.Extensions.Options;

namespace OrleansFlows.Grains.Exports;

/// <summary>Checks <see cref="ExportOptions"/> at start-up and reports every problem at once.</summary>
public sealed class ExportOptionsValidator : IValidateOptions<ExportOptions>
{
    /// <summary>The longest retention of a zip.</summary>
    public static readonly TimeSpan MaxRetention = TimeSpan.FromDays(3650);

    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, ExportOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Retention < TimeSpan.FromSeconds(1) || options.Retention > MaxRetention)
        {
            return ValidateOptionsResult.Fail(
                $"{nameof(ExportOptions)}.{nameof(options.Retention)} must be between 00:00:01 and {MaxRetention.Days} days; it is {options.Retention}.");
        }

        return ValidateOptionsResult.Success;
    }
}
