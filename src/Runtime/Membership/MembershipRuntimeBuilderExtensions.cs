using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansFlows.Runtime.Hosting;
using OrleansFlows.Runtime.Persistence.Postgres;

namespace OrleansFlows.Runtime.Membership;

/// <summary>Opts a silo into cluster membership.</summary>
public static class MembershipRuntimeBuilderExtensions
{
    /// <summary>
    /// Registers this silo in the cluster's membership table (PostgreSQL only), heartbeats, declares silos with stale
    /// heartbeats dead, and keeps a view of the cluster. A silo that finds itself declared dead stops the host. Not yet
    /// used to place or route grain calls: see docs/runtime.md, "Membership and placement (groundwork)".
    /// </summary>
    /// <exception cref="InvalidOperationException">It was called before on this silo.</exception>
    public static RuntimeBuilder UseClusterMembership(this RuntimeBuilder builder, Action<MembershipOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        var services = builder.Services;
        if (services.Any(d => d.ServiceType == typeof(MembershipService)))
        {
            throw new InvalidOperationException("UseClusterMembership was already called for this silo.");
        }

        builder.AddSchema(new MembershipSchema());
        services.AddOptions<MembershipOptions>().Configure(configure).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<MembershipOptions>, MembershipOptionsValidator>());
        services.AddSingleton<IMembershipTable>(sp => sp.GetService<PostgresDatabase>() is { } database
            ? new PostgresMembershipTable(database)
            : throw new InvalidOperationException("Cluster membership needs the PostgreSQL store: call UsePostgres. SQLite serves a single silo."));
        services.AddSingleton(sp =>
        {
            var lifetime = sp.GetRequiredService<IHostApplicationLifetime>();
            return new MembershipService(
                sp.GetRequiredService<IMembershipTable>(),
                sp.GetRequiredService<SiloIdentity>(),
                sp.GetRequiredService<IOptions<MembershipOptions>>(),
                sp.GetRequiredService<TimeProvider>(),
                sp.GetRequiredService<ILogger<MembershipService>>(),
                _ => lifetime.StopApplication());
        });
        services.AddHostedService<MembershipHostedService>();
        return builder;
    }
}
