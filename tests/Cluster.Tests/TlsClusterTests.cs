using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using OrleansFlows.Cluster.Tests.Hosting;
using OrleansFlows.Contracts.Tenants;
using OrleansFlows.Silo;
using OrleansFlows.TestKit.Hosting;
using OrleansFlows.TestKit.Postgres;

namespace OrleansFlows.Cluster.Tests;

/// <summary>
/// With <c>OrleansFlows:Cluster:TlsCertificatePath</c> set, silos and clients speak TLS
/// (<c>Microsoft.Orleans.Connections.Security</c>): the cluster serves through a client that has the certificate, and a
/// client that speaks plain TCP, or presents another certificate, never connects.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class TlsClusterTests(PostgresServer postgres) : IAsyncLifetime
{
    private const string Password = "cluster-tls-test";
    private readonly string _folder = Directory.CreateTempSubdirectory("orleansflows-tls-").FullName;
    private TestStore? _store;
    private ProductCluster? _cluster;

    private string CertificatePath => Path.Combine(_folder, "cluster.pfx");

    public async Task InitializeAsync()
    {
        WriteSelfSignedCertificate(CertificatePath);
        _store = await TestStore.PostgresAsync(postgres, nameof(TlsClusterTests));
        _cluster = await ProductCluster.StartAsync(_store, silos: 2, new Dictionary<string, string?>
        {
            ["OrleansFlows:Cluster:TlsCertificatePath"] = CertificatePath,
            ["OrleansFlows:Cluster:TlsCertificatePassword"] = Password,
        });
    }

    public async Task DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }

        if (_store is not null)
        {
            await _store.DisposeAsync();
        }

        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task CallThroughClient_ClusterWithCertificate_ServesOverTls()
    {
        // Tenants spread over both silos, so calls go client → gateway and silo → silo.
        var tenants = Enumerable.Range(0, 8).Select(i => $"tls-{i}").ToArray();
        foreach (var tenant in tenants)
        {
            await _cluster!.Client.GetGrain<ITenantGrain>(tenant).SetProfileAsync(new TenantProfile("TLS Bakery", "UTC"));
        }

        foreach (var tenant in tenants)
        {
            Assert.Equal("TLS Bakery", (await _cluster!.Client.GetGrain<ITenantGrain>(tenant).GetAsync())!.Profile.Name);
        }
    }

    [Fact]
    public async Task Connect_PlainClientToTlsCluster_NeverConnects() => await AssertNeverConnectsAsync(certificatePath: null);

    [Fact]
    public async Task Connect_ClientWithAnotherCertificate_NeverConnects()
    {
        var other = Path.Combine(_folder, "other.pfx");
        WriteSelfSignedCertificate(other);

        await AssertNeverConnectsAsync(other);
    }

    private async Task AssertNeverConnectsAsync(string? certificatePath)
    {
        var cluster = _cluster!.Client.ServiceProvider.GetRequiredService<IOptions<ClusterOptions>>().Value;
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>(_store!.StorageSettings)
        {
            ["OrleansFlows:Cluster:ClusterId"] = cluster.ClusterId,
            ["OrleansFlows:Cluster:ServiceId"] = cluster.ServiceId,
            ["OrleansFlows:Cluster:GatewayListRefreshPeriod"] = "00:00:01",
            ["OrleansFlows:Cluster:TlsCertificatePath"] = certificatePath,
            ["OrleansFlows:Cluster:TlsCertificatePassword"] = certificatePath is null ? null : Password,
        });
        builder.UseOrleansClient(client => client.AddOrleansFlowsClient(builder.Configuration));
        using var outsider = builder.Build();
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(8));

        // The client keeps retrying while no gateway accepts it, so its start never completes; it is given up on.
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => outsider.StartAsync(patience.Token));
    }

    private static void WriteSelfSignedCertificate(string path)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=orleansflows-cluster", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1"), new Oid("1.3.6.1.5.5.7.3.2")], critical: false));
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        File.WriteAllBytes(path, certificate.Export(X509ContentType.Pfx, Password));
    }
}
