namespace OrleansFlows.Api.Hosting;

/// <summary>
/// The reverse proxies whose <c>X-Forwarded-For</c> and <c>X-Forwarded-Proto</c> headers are believed (setting
/// <c>OrleansFlows:TrustedProxies</c>). Checked at start-up by <see cref="TrustedProxyOptionsValidator"/>.
/// </summary>
public sealed class TrustedProxyOptions
{
    /// <summary>The configuration section holding <see cref="TrustedProxies"/>.</summary>
    public const string Section = ApiOptions.Section;

    /// <summary>
    /// Addresses (<c>10.0.0.5</c>) or networks in CIDR form (<c>10.0.0.0/8</c>) of the proxies in front of the API.
    /// A request from one of them is taken to come from the client its <c>X-Forwarded-For</c> names (through any chain of
    /// listed proxies), which is the address the authentication throttle counts. Empty (the default) trusts no proxy:
    /// the address is the connection's and forwarded headers are ignored.
    /// </summary>
    public IList<string> TrustedProxies { get; } = [];
}
