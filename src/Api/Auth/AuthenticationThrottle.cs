using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;
using OrleansFlows.Api.Problems;

namespace OrleansFlows.Api.Auth;

/// <summary>
/// Throttles repeated authentication failures (tenant keys, the operator key, webhook signatures), per API process.
/// <list type="bullet">
/// <item>An address that reached <see cref="AuthenticationThrottleOptions.FailuresPerAddress"/> is refused with 429 on
/// every authenticated request, before its credential is checked, even a correct one: otherwise the lockout would not
/// stop it from guessing.</item>
/// <item>A key id that reached <see cref="AuthenticationThrottleOptions.FailuresPerKeyId"/> (guessed from many addresses)
/// is refused with 429 to addresses that failed within their window; an address without recent failures still has its
/// credential checked, so the key's owner keeps working while guessers are held off.</item>
/// </list>
/// A request without a credential is not a guess and is not counted. The address is the connection's, or the client's
/// from <c>X-Forwarded-For</c> when the connection comes from a trusted proxy (<see cref="Hosting.TrustedProxyOptions"/>).
/// IPv6 addresses count per /64, the block one subscriber usually holds. With
/// <see cref="AuthenticationThrottleOptions.FailuresPerAddress"/> 0 addresses are never locked out, but their failures
/// are still counted, so a locked key id still tells the addresses that failed from those that did not.
/// </summary>
internal sealed class AuthenticationThrottle(IOptions<AuthenticationThrottleOptions> options, TimeProvider timeProvider)
{
    private readonly AuthenticationThrottleOptions _options = options.Value;
    private readonly FailureLedger _ledger = new(options.Value.MaxTrackedEntries);

    /// <summary>The 429 to answer instead of checking the credential, or null to go on and check it.</summary>
    /// <param name="http">The request; its connection gives the client address.</param>
    /// <param name="keyId">The key id the credential names (<see cref="ThrottleKeyIds"/>), or null if it names none.</param>
    public IResult? Refusal(HttpContext http, string? keyId)
    {
        var now = timeProvider.GetUtcNow();
        var address = AddressKey(http);
        if (_ledger.LockedFor(address, now) is { } addressWait)
        {
            return Refuse(http, addressWait, "Too many failed authentication attempts came from this address.");
        }

        if (keyId is not null && _ledger.LockedFor(keyId, now) is { } keyWait && _ledger.HasRecentFailures(address, now))
        {
            return Refuse(http, keyWait, "Too many failed authentication attempts were made with this key id, including from this address.");
        }

        return null;
    }

    /// <summary>Counts a failed credential against the client address and the key id it named.</summary>
    public void RecordFailure(HttpContext http, string? keyId)
    {
        var now = timeProvider.GetUtcNow();
        var addressLimit = _options.FailuresPerAddress == 0 ? int.MaxValue : _options.FailuresPerAddress;
        _ledger.RecordFailure(AddressKey(http), addressLimit, _options.Window, _options.Lockout, now);
        if (keyId is not null)
        {
            _ledger.RecordFailure(keyId, _options.FailuresPerKeyId, _options.Window, _options.Lockout, now);
        }
    }

    private static IResult Refuse(HttpContext http, TimeSpan wait, string reason)
    {
        var seconds = Math.Max(1, (long)Math.Ceiling(wait.TotalSeconds));
        http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        return ApiProblems.Create(
            StatusCodes.Status429TooManyRequests,
            "authentication-throttled",
            "Too many failed authentication attempts.",
            string.Create(CultureInfo.InvariantCulture, $"{reason} Credentials are not checked for {seconds} seconds; retry after the delay in Retry-After."));
    }

    private static string AddressKey(HttpContext http)
    {
        var address = http.Connection.RemoteIpAddress;
        if (address is null)
        {
            return "address:unknown";
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            var bytes = address.GetAddressBytes();
            Array.Clear(bytes, 8, 8);
            address = new IPAddress(bytes);
        }

        return "address:" + address;
    }
}
