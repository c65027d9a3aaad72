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

        if (!SiloAddress.TryParse(options.SiloAddress, out _, out _))
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
}
