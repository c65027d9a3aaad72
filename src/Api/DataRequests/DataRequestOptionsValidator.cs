using System.Globalization;
using Microsoft.Extensions.Options;

namespace OrleansFlows.Api.DataRequests;

/// <summary>Checks <see cref="DataRequestOptions"/> at start-up.</summary>
public sealed class DataRequestOptionsValidator : IValidateOptions<DataRequestOptions>
{
    /// <summary>The most data requests per minute a tenant may be allowed.</summary>
    public const int MaxPerMinute = 10_000;

    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, DataRequestOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.PerMinute is >= 1 and <= MaxPerMinute
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(string.Create(
                CultureInfo.InvariantCulture,
                $"{DataRequestOptions.Section}:PerMinute must be from 1 to {MaxPerMinute}; it is {options.PerMinute}."));
    }
}
