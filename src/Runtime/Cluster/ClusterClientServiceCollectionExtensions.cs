using System.Reflection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OrleansFlows.Runtime.Abstractions;
using OrleansFlows.Runtime.Hosting;
using OrleansFlows.Runtime.Hosting.Health;
using OrleansFlows.Runtime.Membership;
using OrleansFlows.Runtime.Messaging;
using OrleansFlows.Runtime.Persistence.Postgres;
using OrleansFlows.Runtime.Transport;

namespace OrleansFlows.Runtime.Cluster;

/// <summary>Registers a cluster client: grain references whose calls go to the silos of a cluster.</summary>
public static class ClusterClientServiceCollectionExtensions
{
    /// <summary>
    /// Adds an <see cref="IGrainFactory"/> that holds no grains: it reads the cluster's membership table and sends each
    /// call to the silo that owns the grain, over the silo transport (the same cluster secret and TLS settings as the
    /// silos). Several clients may call one cluster. Queries go to grains too: a client reads no table but membership.
    /// </summary>
    public static IServiceCollection AddOrleansFlowsClusterClient(this IServiceCollection services, Action<ClusterClientOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        if (services.Any(d => d.ServiceType == typeof(ClusterClientView)))
        {
            throw new InvalidOperationException("AddOrleansFlowsClusterClient was already called.");
        }

        services.AddOptions<ClusterClientOptions>().Configure(configure).Validate(
            o => !string.IsNullOrWhiteSpace(o.PostgresConnectionString),
            "The cluster client needs the cluster's PostgreSQL connection string (where it reads the membership table).").ValidateOnStart();
        services.AddOptions<GrainCallOptions>();
        services.AddOptions<PostgresStoreOptions>().Configure<IOptions<ClusterClientOptions>>((store, client) => store.ConnectionString = client.Value.PostgresConnectionString);
        services.AddOptions<MembershipOptions>().Configure<IOptions<ClusterClientOptions>>((membership, client) =>
        {
            membership.ClusterId = client.Value.ClusterId;
            membership.RefreshPeriod = client.Value.RefreshPeriod;
            membership.DeathTimeout = client.Value.DeathTimeout;
        });
        services.AddClusterTransport(
            _ => { },
            sp => sp.GetRequiredService<IOptions<ClusterClientOptions>>().Value.GrainInterfaces);
        services.AddSingleton<IConfigureOptions<TransportOptions>>(sp => new ConfigureOptions<TransportOptions>(transport =>
        {
            var chosen = sp.GetRequiredService<IOptions<ClusterClientOptions>>().Value.Transport;
            transport.ClusterSecret = chosen.ClusterSecret;
            transport.UseTls = chosen.UseTls;
            transport.ValidateServerCertificate = chosen.ValidateServerCertificate;
            transport.MaxFrameBytes = chosen.MaxFrameBytes;
            transport.ConnectTimeout = chosen.ConnectTimeout;
        }));
        services.TryAddSingleton<PostgresDatabase>();
        services.TryAddSingleton<IMembershipTable, PostgresMembershipTable>();
        services.AddSingleton<ClusterClientView>();
        services.AddSingleton<IMembershipView>(sp => sp.GetRequiredService<ClusterClientView>());
        services.AddHostedService(sp => sp.GetRequiredService<ClusterClientView>());
        services.AddSingleton(sp => new ClusterClientStatus(sp.GetRequiredService<ClusterClientView>(), sp.GetRequiredService<PostgresDatabase>()));
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<IGrainCallDispatcher, ClientDispatcher>();
        services.AddSingleton<IGrainFactory, GrainFactory>();
        return services;
    }

    /// <summary>
    /// Adds a cluster client configured from <paramref name="configuration"/>: the cluster that
    /// <see cref="ClusterSettings.Section"/> names (its secret and TLS settings), over the membership table in the
    /// PostgreSQL database of <see cref="StorageOptions.Section"/>, calling the grains declared in
    /// <paramref name="grainInterfaces"/>. It registers a readiness check tagged <see cref="HealthTags.Ready"/>.
    /// </summary>
    /// <exception cref="InvalidOperationException">The configuration doesn't describe a cluster; the message names the setting.</exception>
    public static IServiceCollection AddOrleansFlowsClusterClient(this IServiceCollection services, IConfiguration configuration, params Assembly[] grainInterfaces)
    {
        var storage = configuration.GetSection(StorageOptions.Section).Get<StorageOptions>() ?? new StorageOptions();
        var cluster = configuration.GetSection(ClusterSettings.Section).Get<ClusterSettings>() ?? new ClusterSettings();
        if (storage.Provider != StorageProvider.Postgres || string.IsNullOrWhiteSpace(storage.PostgresConnectionString))
        {
            throw new InvalidOperationException(
                $"A cluster client needs {StorageOptions.Section}:{nameof(StorageOptions.Provider)} Postgres and {StorageOptions.Section}:{nameof(StorageOptions.PostgresConnectionString)}: it reads the cluster's membership table there.");
        }

        services.AddOrleansFlowsClusterClient(o =>
        {
            o.PostgresConnectionString = storage.PostgresConnectionString;
            o.ClusterId = cluster.ClusterId;
            o.RefreshPeriod = cluster.RefreshPeriod;
            o.DeathTimeout = cluster.DeathTimeout;
            cluster.ApplyTransport(o.Transport);
            foreach (var assembly in grainInterfaces)
            {
                o.AddGrainInterfaces(assembly);
            }
        });
        services.Configure<GrainCallOptions>(configuration.GetSection(RuntimeSettings.Section).GetSection("Calls"));
        services.AddHealthChecks().AddCheck<ClusterClientReadinessCheck>("cluster-client", tags: [HealthTags.Ready]);
        return services;
    }
}
