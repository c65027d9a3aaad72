using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace OrleansFlows.Runtime.Transport;

/// <summary>Settings of the silo-to-silo transport: the cluster secret, TLS and frame limits.</summary>
public sealed class TransportOptions
{
    /// <summary>Shared by every silo and client of a cluster; both ends of a connection prove they hold it. At least 16 bytes.</summary>
    public string ClusterSecret { get; set; } = "";

    /// <summary>The listener's certificate. When set, the listener speaks TLS only.</summary>
    public X509Certificate2? ServerCertificate { get; set; }

    /// <summary>Whether outgoing connections use TLS. Must match the listeners of the cluster.</summary>
    public bool UseTls { get; set; }

    /// <summary>Checks the listener's certificate on outgoing TLS connections; null uses the system's chain validation.</summary>
    public RemoteCertificateValidationCallback? ValidateServerCertificate { get; set; }

    /// <summary>The largest frame either end accepts; a bigger one closes the connection.</summary>
    public int MaxFrameBytes { get; set; } = 16 * 1024 * 1024;

    /// <summary>How long connecting, TLS and the secret handshake may take together.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(5);
}
