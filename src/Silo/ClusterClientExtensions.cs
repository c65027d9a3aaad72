using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;
using Orleans.Serialization;
using OrleansFlows.Silo.Hosting;
using OrleansFlows.Storage;

namespace OrleansFlows.Silo;

/// <summary>Configures an Orleans client of an OrleansFlows cluster: the API in client mode, which holds no grains.</summary>
public static class ClusterClientExtensions
{
    /// <summary>
    /// Connects through the gateways listed by ADO.NET clustering on PostgreSQL (sections <see cref="StorageOptions.Section"/>
    /// and <see cref="ClusterSettings.Section"/>), with TLS when a certificate is configured. The client keeps trying to
    /// connect for as long as the host runs, so an API may start before any silo.
    /// </summary>
    /// <exception cref="InvalidOperationException">The settings don't describe a cluster; the message names the setting.</exception>
    public static IClientBuilder AddOrleansFlowsClient(this IClientBuilder client, IConfiguration configuration)
    {
        var storage = configuration.GetSection(StorageOptions.Section).Get<StorageOptions>() ?? new StorageOptions();
        var cluster = configuration.GetSection(ClusterSettings.Section).Get<ClusterSettings>() ?? new ClusterSettings();
        cluster.Validate();
        if (storage.Provider != StorageProvider.Postgres)
        {
            throw new InvalidOperationException(
                $"A cluster client needs {StorageOptions.Section}:{nameof(StorageOptions.Provider)} Postgres: it finds the silos in the cluster's PostgreSQL " +
                "membership table (environment variables OrleansFlows__Storage__Provider and OrleansFlows__Storage__PostgresConnectionString).");
        }

        var connectionString = SiloHostExtensions.RequirePostgres(storage);
        client.UseAdoNetClustering(o =>
        {
            o.Invariant = SiloHostExtensions.PostgresInvariant;
            o.ConnectionString = connectionString;
        });
        client.Configure<ClusterOptions>(o =>
        {
            o.ClusterId = cluster.ClusterId;
            o.ServiceId = cluster.ServiceId;
        });
        client.Configure<GatewayOptions>(o => o.GatewayListRefreshPeriod = cluster.GatewayListRefreshPeriod);
        client.Services.Configure<ExceptionSerializationOptions>(SiloHostExtensions.AllowExceptionTypes);
        client.UseConnectionRetryFilter(RetryUntilStopped);
        // Grain calls carry the API request's trace context to the silos.
        client.AddActivityPropagation();
        client.Services.AddSingleton<GatewayLossBreaker>();
        client.Services.AddSingleton<IClusterConnectionStatusObserver>(services => services.GetRequiredService<GatewayLossBreaker>());
        client.Services.AddSingleton<IOutgoingGrainCallFilter>(services => services.GetRequiredService<GatewayLossBreaker>());
        if (SiloHostExtensions.LoadCertificate(cluster) is { } certificate)
        {
            client.UseTls(certificate, tls => ClusterTls.Configure(tls, certificate));
        }

        client.Services.AddSingleton<GatewayConnections>();
        client.Services.AddSingleton<IClusterConnectionStatusObserver>(services => services.GetRequiredService<GatewayConnections>());
        client.Services.AddHealthChecks()
            .AddCheck<ClusterClientReadinessCheck>("cluster", tags: [HealthTags.Ready])
            .AddCheck("database", new ClusterDatabaseHealthCheck(connectionString), tags: [HealthTags.Database]);
        return client;
    }

    private static async Task<bool> RetryUntilStopped(Exception exception, CancellationToken cancellationToken)
    {
        // No gateway yet (silos starting, or all down): wait and try again; requests meanwhile answer 503.
        await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
        return !cancellationToken.IsCancellationRequested;
    }
}
