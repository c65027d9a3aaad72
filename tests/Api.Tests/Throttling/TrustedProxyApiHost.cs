namespace OrleansFlows.Api.Tests.Throttling;

/// <summary>The throttled API host with <see cref="Proxy"/> configured as a trusted reverse proxy.</summary>
public sealed class TrustedProxyApiHost() : ThrottledApiHost(new Dictionary<string, string?>
{
    ["OrleansFlows:TrustedProxies:0"] = Proxy,
    ["OrleansFlows:TrustedProxies:1"] = "192.0.2.0/24",
})
{
    /// <summary>The loopback address the trusted proxy connects from.</summary>
    public const string Proxy = "127.0.0.20";
}
