using Microsoft.Extensions.Options;

namespace OrleansFlows.Grains.Connectors.OutboundHttp;

/// <summary>Checks <see cref="OutboundHttpOptions"/> at start-up and reports every problem at once.</summary>
public sealed class OutboundHttpOptionsValidator : IValidateOptions<OutboundHttpOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, OutboundHttpOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.MaxResponseBytes is < 1 or > OutboundHttpOptions.MaxMaxResponseBytes)
        {
            failures.Add($"{nameof(OutboundHttpOptions)}.{nameof(OutboundHttpOptions.MaxResponseBytes)} must be between 1 and {OutboundHttpOptions.MaxMaxResponseBytes}; it is {options.MaxResponseBytes}.");
        }

        if (options.ConnectTimeout <= TimeSpan.Zero || options.ConnectTimeout > OutboundHttpOptions.MaxConnectTimeout)
        {
            failures.Add($"{nameof(OutboundHttpOptions)}.{nameof(OutboundHttpOptions.ConnectTimeout)} must be greater than zero and at most {OutboundHttpOptions.MaxConnectTimeout}; it is {options.ConnectTimeout}.");
        }

        if (options.PooledConnectionIdleTimeout <= TimeSpan.Zero || options.PooledConnectionIdleTimeout > OutboundHttpClientFactory.PooledConnectionLifetime)
        {
            failures.Add($"{nameof(OutboundHttpOptions)}.{nameof(OutboundHttpOptions.PooledConnectionIdleTimeout)} must be greater than zero and at most {OutboundHttpClientFactory.PooledConnectionLifetime}; it is {options.PooledConnectionIdleTimeout}.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
