using System.Security.Cryptography.X509Certificates;
using OrleansFlows.Runtime.Cluster;
using OrleansFlows.Runtime.Membership;
using OrleansFlows.Runtime.Transport;

namespace OrleansFlows.Runtime.Hosting;

/// <summary>
/// Cluster membership and the silo transport, from configuration section <c>OrleansFlows:Cluster</c> (environment
/// variables <c>OrleansFlows__Cluster__Enabled</c> and so on). Off by default: a silo then serves alone.
/// </summary>
public sealed class ClusterSettings
{
    /// <summary>The configuration section.</summary>
    public const string Section = "OrleansFlows:Cluster";

    /// <summary>Whether this silo joins a cluster (PostgreSQL only).</summary>
    public bool Enabled { get; set; }

    /// <summary>The cluster to join. Default <c>default</c>.</summary>
    public string ClusterId { get; set; } = MembershipDefaults.ClusterId;

    /// <summary>The <c>host:port</c> other silos and clients reach this silo's transport on; never the API port. Required.</summary>
    public string SiloAddress { get; set; } = "";

    /// <summary>The secret every silo and client of the cluster shares; at least 16 bytes. Required.</summary>
    public string ClusterSecret { get; set; } = "";

    /// <summary>Where this silo's co-hosted API listens, recorded in the membership table for operators. Optional.</summary>
    public string? ApiAddress { get; set; }

    /// <summary>A PFX file holding the transport's TLS certificate; when set, the transport speaks TLS only.</summary>
    public string? TlsCertificatePath { get; set; }

    /// <summary>The PFX file's password, if it has one.</summary>
    public string? TlsCertificatePassword { get; set; }

    /// <summary>Default 2 s.</summary>
    public TimeSpan HeartbeatPeriod { get; set; } = MembershipDefaults.HeartbeatPeriod;

    /// <summary>Default 10 s.</summary>
    public TimeSpan DeathTimeout { get; set; } = MembershipDefaults.DeathTimeout;

    /// <summary>Default 1 s.</summary>
    public TimeSpan RefreshPeriod { get; set; } = MembershipDefaults.RefreshPeriod;

    /// <summary>Joins the cluster these settings describe.</summary>
    /// <exception cref="InvalidOperationException">A required setting is missing; the message names it.</exception>
    public void Apply(RuntimeBuilder builder, string? apiAddress)
    {
        if (string.IsNullOrWhiteSpace(SiloAddress))
        {
            throw new InvalidOperationException($"{Section}:{nameof(SiloAddress)} is required when the cluster is enabled: the host:port other silos reach this one on (environment variable OrleansFlows__Cluster__SiloAddress).");
        }

        var certificate = LoadCertificate();
        builder.UseCluster(
            m =>
            {
                m.ClusterId = ClusterId;
                m.SiloAddress = SiloAddress;
                m.ApiAddress = apiAddress;
                m.HeartbeatPeriod = HeartbeatPeriod;
                m.DeathTimeout = DeathTimeout;
                m.RefreshPeriod = RefreshPeriod;
            },
            t => ApplyTransport(t, certificate));
    }

    /// <summary>Copies the secret and TLS settings into transport options (shared by silos and cluster clients).</summary>
    internal void ApplyTransport(TransportOptions transport) => ApplyTransport(transport, LoadCertificate());

    private void ApplyTransport(TransportOptions transport, X509Certificate2? certificate)
    {
        transport.ClusterSecret = ClusterSecret;
        transport.ServerCertificate = certificate;
        transport.UseTls = certificate is not null;
        if (certificate is not null)
        {
            // Silos of one cluster share the certificate, so a peer is trusted when it presents that very certificate.
            var thumbprint = certificate.Thumbprint;
            transport.ValidateServerCertificate = (_, presented, _, _) => presented is not null && string.Equals(presented.GetCertHashString(), thumbprint, StringComparison.OrdinalIgnoreCase);
        }
    }

    private X509Certificate2? LoadCertificate()
    {
        if (string.IsNullOrWhiteSpace(TlsCertificatePath))
        {
            return null;
        }

        try
        {
            return X509CertificateLoader.LoadPkcs12FromFile(TlsCertificatePath, TlsCertificatePassword);
        }
        catch (Exception exception) when (exception is System.Security.Cryptography.CryptographicException or IOException or UnauthorizedAccessException)
        {
            throw new InvalidOperationException($"{Section}:{nameof(TlsCertificatePath)} '{TlsCertificatePath}' can't be loaded as a PFX certificate: {exception.Message}", exception);
        }
    }
}
