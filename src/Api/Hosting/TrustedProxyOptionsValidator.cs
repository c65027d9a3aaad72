using System.Net;
using Microsoft.Extensions.Options;

namespace OrleansFlows.Api.Hosting;

/// <summary>Checks <see cref="TrustedProxyOptions"/> at start-up and reports every entry that is not an address or network.</summary>
public sealed class TrustedProxyOptionsValidator : IValidateOptions<TrustedProxyOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, TrustedProxyOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        for (var i = 0; i < options.TrustedProxies.Count; i++)
        {
            var entry = options.TrustedProxies[i];
            if (!TryParse(entry, out _, out _))
            {
                failures.Add(
                    $"{TrustedProxyOptions.Section}:{nameof(TrustedProxyOptions.TrustedProxies)}:{i} must be an IP address (10.0.0.5) or a network in CIDR form (10.0.0.0/8); it is '{entry}'.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>Reads one entry as a single address or as a network.</summary>
    internal static bool TryParse(string? entry, out IPAddress? address, out IPNetwork network)
    {
        address = null;
        network = default;
        var text = entry?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        return text.Contains('/', StringComparison.Ordinal) ? IPNetwork.TryParse(text, out network) : IPAddress.TryParse(text, out address);
    }
}
