using System.Globalization;
using Microsoft.Extensions.Options;

namespace OrleansFlows.Api.Auth;

/// <summary>Checks <see cref="AuthenticationThrottleOptions"/> at start-up and reports every problem at once.</summary>
public sealed class AuthenticationThrottleOptionsValidator : IValidateOptions<AuthenticationThrottleOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, AuthenticationThrottleOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        Positive(failures, nameof(options.Window), options.Window);
        Positive(failures, nameof(options.Lockout), options.Lockout);
        // 0 turns the per-address lockout off.
        AtLeast(failures, nameof(options.FailuresPerAddress), options.FailuresPerAddress, 0);
        AtLeast(failures, nameof(options.FailuresPerKeyId), options.FailuresPerKeyId, 1);
        AtLeast(failures, nameof(options.MaxTrackedEntries), options.MaxTrackedEntries, 100);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Positive(List<string> failures, string option, TimeSpan value)
    {
        if (value <= TimeSpan.Zero)
        {
            failures.Add(string.Create(CultureInfo.InvariantCulture, $"{AuthenticationThrottleOptions.Section}:{option} must be positive; it is {value}."));
        }
    }

    private static void AtLeast(List<string> failures, string option, int value, int minimum)
    {
        if (value < minimum)
        {
            failures.Add(string.Create(CultureInfo.InvariantCulture, $"{AuthenticationThrottleOptions.Section}:{option} must be at least {minimum}; it is {value}."));
        }
    }
}
