using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OrleansFlows.Runtime.Abstractions;
using OrleansFlows.Runtime.Hosting;
using OrleansFlows.Runtime.Membership;
using OrleansFlows.Runtime.Messaging;
using OrleansFlows.Runtime.Persistence;
using OrleansFlows.Runtime.Persistence.Postgres;
using OrleansFlows.Runtime.Transport;

namespace OrleansFlows.Runtime.Cluster;

/// <summary>Registers a cluster client: grain references whose calls go to the silos of a cluster.</summary>
public static class ClusterClientServiceCollectionExtensions
{
    /// <summary>
    /// Adds an <see cref="IGrainFactory"/> that holds no grains: it reads the cluster's membership table and sends each
    /// call to the silo that owns the grain, over the silo transport (the same cluster secret and TLS settings as the
    /// silos). Several clients may call one cluster. It also reads the projection tables (<see cref="IProjectionStore"/>)
    /// that grains write, for query endpoints.
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
        services.TryAddSingleton<IProjectionStore, PostgresProjectionStore>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<IGrainCallDispatcher, ClientDispatcher>();
        services.AddSingleton<IGrainFactory, GrainFactory>();
        return services;
    }
}
