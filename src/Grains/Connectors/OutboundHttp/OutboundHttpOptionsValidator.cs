using Microsoft.Extensions.Options;
using OrleansFlows.Grains.Configuration;

namespace OrleansFlows.Grains.Connectors.OutboundHttp;

/// <summary>Checks <see cref="OutboundHttpOptions"/> at start-up and reports every problem at once.</summary>
public sealed class OutboundHttpOptionsValidator : IValidateOptions<OutboundHttpOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, OutboundHttpOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new OptionsFailures(nameof(OutboundHttpOptions));
        failures.Between(nameof(options.MaxResponseBytes), options.MaxResponseBytes, 1, OutboundHttpOptions.MaxMaxResponseBytes);
        failures.Positive(nameof(options.ConnectTimeout), options.ConnectTimeout, OutboundHttpOptions.MaxConnectTimeout);
        failures.Positive(nameof(options.PooledConnectionIdleTimeout), options.PooledConnectionIdleTimeout, OutboundHttpClientFactory.PooledConnectionLifetime);
        return failures.Result();
    }
}
