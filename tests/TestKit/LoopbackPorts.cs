using System.Net;
using System.Net.Sockets;

namespace OrleansFlows.TestKit;

/// <summary>Free TCP ports on 127.0.0.1, for servers a test starts itself.</summary>
public static class LoopbackPorts
{
    /// <summary>A port that was free a moment ago (the OS picks it; another process could still take it before use).</summary>
    public static int Free()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
