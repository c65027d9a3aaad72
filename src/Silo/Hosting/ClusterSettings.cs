using System.Net;

namespace OrleansFlows.Silo.Hosting;

/// <summary>
/// Cluster settings from configuration section <c>OrleansFlows:Cluster</c> (environment variables
/// <c>OrleansFlows__Cluster__Enabled</c> and so on). Each maps onto an Orleans option, named on its property.
/// Off by default: a silo then serves alone with localhost clustering.
/// </summary>
public sealed class ClusterSettings
{
    /// <summary>The configuration section.</summary>
    public const string Section = "OrleansFlows:Cluster";

    /// <summary>Whether this silo joins a cluster through ADO.NET clustering on PostgreSQL.</summary>
    public bool Enabled { get; set; }

    /// <summary><c>ClusterOptions.ClusterId</c>: the silos and clients that form one cluster. Default <c>orleansflows</c>.</summary>
    public string ClusterId { get; set; } = "orleansflows";

    /// <summary><c>ClusterOptions.ServiceId</c>: stays the same across deployments, since reminders and state are keyed by it. Default <c>orleansflows</c>.</summary>
    public string ServiceId { get; set; } = "orleansflows";

    /// <summary>
    /// <c>EndpointOptions.AdvertisedIPAddress</c> and <c>SiloPort</c>, as <c>ip:port</c>: where other silos reach this
    /// one. Required for a cluster silo; standalone uses <c>127.0.0.1:11111</c>.
    /// </summary>
    public string? SiloAddress { get; set; }

    /// <summary><c>EndpointOptions.GatewayPort</c>: where cluster clients (the API in client mode) connect. Default 30000.</summary>
    public int GatewayPort { get; set; } = 30000;

    /// <summary>A PFX file with the certificate for silo-to-silo and client-to-silo TLS (<c>Microsoft.Orleans.Connections.Security</c>). Without one, traffic is plain.</summary>
    public string? TlsCertificatePath { get; set; }

    /// <summary>The PFX file's password, if it has one.</summary>
    public string? TlsCertificatePassword { get; set; }

    /// <summary><c>ClusterMembershipOptions.ProbeTimeout</c>: how long a probe of another silo may take. Default 2 s.</summary>
    public TimeSpan ProbeTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary><c>ClusterMembershipOptions.NumMissedProbesLimit</c>: missed probes before a silo suspects another. Default 2.</summary>
    public int MissedProbesLimit { get; set; } = 2;

    /// <summary><c>ClusterMembershipOptions.TableRefreshTimeout</c>: how often a silo reads the membership table. Default 2 s.</summary>
    public TimeSpan TableRefreshTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary><c>GatewayOptions.GatewayListRefreshPeriod</c> of clients: how often a client reads the gateways. Default 5 s.</summary>
    public TimeSpan GatewayListRefreshPeriod { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The variable Kubernetes sets in every pod; <see cref="KubernetesHosting"/> needs it.</summary>
    public const string KubernetesServiceHostVariable = "KUBERNETES_SERVICE_HOST";

    /// <summary>
    /// Orleans' Kubernetes hosting (<c>Microsoft.Orleans.Hosting.Kubernetes</c>): the silo takes its name and address
    /// from its pod (<c>POD_NAME</c>, <c>POD_NAMESPACE</c>, <c>POD_IP</c>), so <see cref="SiloAddress"/> is not needed
    /// (its port, if set, is still the silo port), and the silo pods that are gone are declared dead at once. Only
    /// in a pod of Kubernetes, with a role that may get, list, watch and patch pods. Default off.
    /// </summary>
    public bool KubernetesHosting { get; set; }

    /// <summary>Fails unless the process runs in a Kubernetes pod (<paramref name="serviceHost"/> is that pod's <see cref="KubernetesServiceHostVariable"/>).</summary>
    /// <exception cref="InvalidOperationException">It does not; the message names the setting.</exception>
    public void RequireKubernetes(string? serviceHost)
    {
        if (KubernetesHosting && string.IsNullOrWhiteSpace(serviceHost))
        {
            throw new InvalidOperationException(
                $"{Section}:{nameof(KubernetesHosting)} is on, but this process does not run in a Kubernetes pod ({KubernetesServiceHostVariable} is not set); " +
                "turn it off (environment variable OrleansFlows__Cluster__KubernetesHosting) and set OrleansFlows__Cluster__SiloAddress instead.");
        }
    }

    /// <summary>Parses <see cref="SiloAddress"/>.</summary>
    /// <exception cref="InvalidOperationException">It is missing or not <c>ip:port</c>; the message names the setting.</exception>
    public IPEndPoint ParseSiloAddress()
    {
        if (string.IsNullOrWhiteSpace(SiloAddress) || !IPEndPoint.TryParse(SiloAddress, out var endpoint) || endpoint.Port == 0)
        {
            throw new InvalidOperationException(
                $"{Section}:{nameof(SiloAddress)} must be ip:port (the address other silos reach this one on, for example 10.0.0.5:11111); it is '{SiloAddress}' " +
                "(environment variable OrleansFlows__Cluster__SiloAddress).");
        }

        return endpoint;
    }

    /// <summary>Checks settings that don't depend on the store.</summary>
    /// <exception cref="InvalidOperationException">A setting is out of range; the message names it.</exception>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(ClusterId) || string.IsNullOrWhiteSpace(ServiceId))
        {
            throw new InvalidOperationException($"{Section}:{nameof(ClusterId)} and {Section}:{nameof(ServiceId)} must not be empty.");
        }

        if (GatewayPort is < 1 or > 65535)
        {
            throw new InvalidOperationException($"{Section}:{nameof(GatewayPort)} must be a TCP port (1-65535); it is {GatewayPort}.");
        }

        if (ProbeTimeout <= TimeSpan.Zero || TableRefreshTimeout <= TimeSpan.Zero || GatewayListRefreshPeriod <= TimeSpan.Zero || MissedProbesLimit < 1)
        {
            throw new InvalidOperationException(
                $"{Section}:{nameof(ProbeTimeout)}, {nameof(TableRefreshTimeout)} and {nameof(GatewayListRefreshPeriod)} must be positive, and {nameof(MissedProbesLimit)} at least 1.");
        }
    }
}
