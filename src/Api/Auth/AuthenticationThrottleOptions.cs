namespace OrleansFlows.Api.Auth;

/// <summary>
/// How repeated authentication failures are throttled (configuration section <c>OrleansFlows:AuthenticationThrottle</c>).
/// Each API process keeps its own counts. Checked at start-up by <see cref="AuthenticationThrottleOptionsValidator"/>.
/// </summary>
public sealed class AuthenticationThrottleOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "OrleansFlows:AuthenticationThrottle";

    /// <summary>The window failures are counted in, from the first failure. Default one minute.</summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Failed attempts one client address may make within <see cref="Window"/> before it is locked out. Default 20.
    /// 0 turns the per-address lockout off (the per-key-id lockout stays), for when every client reaches the API through
    /// a proxy that is not in <c>OrleansFlows:TrustedProxies</c> and so shares its address.
    /// </summary>
    public int FailuresPerAddress { get; set; } = 20;

    /// <summary>
    /// Failed attempts on one key id (a tenant API key's id, or a tenant's webhook signatures) within <see cref="Window"/>,
    /// from any addresses, before the key id is locked out for addresses that have failed. Default 10.
    /// </summary>
    public int FailuresPerKeyId { get; set; } = 10;

    /// <summary>How long a locked-out address or key id is refused with 429. Default five minutes.</summary>
    public TimeSpan Lockout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// The most addresses and key ids tracked at once; past it, entries whose window has ended are dropped first, then
    /// the least recently failed ones that are not locked out, so a flood of distinct addresses or key ids can't grow
    /// memory without bound. Locked-out entries are kept; while every entry is locked out, failures of new addresses and
    /// key ids are not counted. Default 100,000.
    /// </summary>
    public int MaxTrackedEntries { get; set; } = 100_000;
}
