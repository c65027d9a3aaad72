using System.Security.Cryptography.X509Certificates;
using Orleans.Connections.Security;

namespace OrleansFlows.Silo.Hosting;

/// <summary>
/// TLS between silos and from clients, with the one certificate the whole cluster shares: each side presents it and
/// accepts only a peer that presents the very same certificate (by thumbprint), so TLS both encrypts and keeps out
/// whoever does not hold it. A self-signed certificate is enough; no chain is checked.
/// </summary>
internal static class ClusterTls
{
    public static void Configure(TlsOptions tls, X509Certificate2 certificate)
    {
        var thumbprint = certificate.Thumbprint;
        tls.RemoteCertificateMode = RemoteCertificateMode.RequireCertificate;
        tls.ClientCertificateMode = RemoteCertificateMode.RequireCertificate;
        tls.RemoteCertificateValidation = (presented, _, _) =>
            string.Equals(presented.Thumbprint, thumbprint, StringComparison.OrdinalIgnoreCase);
    }
}
