using Microsoft.Extensions.Options;

namespace OrleansFlows.Runtime.Membership;

/// <summary>Checks <see cref="MembershipOptions"/> at start-up, reporting every problem at once.</summary>
internal sealed class MembershipOptionsValidator : IValidateOptions<MembershipOptions>
{
    /// <summary>The longest cluster id accepted.</summary>
    public const int MaxClusterIdLength = 128;

    public ValidateOptionsResult Validate(string? name, MembershipOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.ClusterId) || options.ClusterId.Length > MaxClusterIdLength || options.ClusterId.Any(char.IsControl))
        {
            failures.Add($"{nameof(MembershipOptions)}.{nameof(MembershipOptions.ClusterId)} must be 1 to {MaxClusterIdLength} characters with no control characters; it is '{options.ClusterId}'.");
        }

        if (!IsHostAndPort(options.SiloAddress))
        {
            failures.Add($"{nameof(MembershipOptions)}.{nameof(MembershipOptions.SiloAddress)} must be the host:port other silos reach this silo on (port 1 to 65535); it is '{options.SiloAddress}'.");
        }

        if (options.ApiAddress is { } api && string.IsNullOrWhiteSpace(api))
        {
            failures.Add($"{nameof(MembershipOptions)}.{nameof(MembershipOptions.ApiAddress)} must be null or an address; it is blank.");
        }

        if (options.HeartbeatPeriod <= TimeSpan.Zero)
        {
            failures.Add($"{nameof(MembershipOptions)}.{nameof(MembershipOptions.HeartbeatPeriod)} must be greater than zero; it is {options.HeartbeatPeriod}.");
        }

        if (options.DeathTimeout <= options.HeartbeatPeriod * 2)
        {
            failures.Add($"{nameof(MembershipOptions)}.{nameof(MembershipOptions.DeathTimeout)} ({options.DeathTimeout}) must be more than twice {nameof(MembershipOptions.HeartbeatPeriod)} ({options.HeartbeatPeriod}), so that one late heartbeat doesn't kill a silo.");
        }

        if (options.RefreshPeriod <= TimeSpan.Zero)
        {
            failures.Add($"{nameof(MembershipOptions)}.{nameof(MembershipOptions.RefreshPeriod)} must be greater than zero; it is {options.RefreshPeriod}.");
        }

        if (options.DefunctSiloRetention < options.DeathTimeout)
        {
            failures.Add($"{nameof(MembershipOptions)}.{nameof(MembershipOptions.DefunctSiloRetention)} ({options.DefunctSiloRetention}) must be at least {nameof(MembershipOptions.DeathTimeout)} ({options.DeathTimeout}).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>Whether <paramref name="address"/> is <c>host:port</c> (an IPv6 host in brackets), with a port from 1 to 65535.</summary>
    internal static bool IsHostAndPort(string? address)
    {
        if (string.IsNullOrWhiteSpace(address) || address.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            return false;
        }

        var colon = address.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(address.AsSpan(colon + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
        {
            return false;
        }

        var host = address[..colon];
        return host.StartsWith('[')
            ? host.EndsWith(']') && host.Length > 2
            : !host.Contains(':', StringComparison.Ordinal) && Uri.CheckHostName(host) != UriHostNameType.Unknown;
    }
}
