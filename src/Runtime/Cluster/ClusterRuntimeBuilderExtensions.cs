using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OrleansFlows.Runtime.Abstractions;
using OrleansFlows.Runtime.Activation;
using OrleansFlows.Runtime.Hosting;
using OrleansFlows.Runtime.Membership;
using OrleansFlows.Runtime.Transport;

namespace OrleansFlows.Runtime.Cluster;

/// <summary>Runs a silo as a member of a cluster.</summary>
public static class ClusterRuntimeBuilderExtensions
{
    /// <summary>
    /// Joins the cluster (membership on PostgreSQL: see <see cref="MembershipRuntimeBuilderExtensions.UseClusterMembership"/>),
    /// places grains over the active silos by consistent hashing, listens for calls from other silos and clients on
    /// <see cref="MembershipOptions.SiloAddress"/>, and sends calls for grains owned elsewhere to their owners.
    /// </summary>
    /// <exception cref="InvalidOperationException">It was called before on this silo.</exception>
    public static RuntimeBuilder UseCluster(this RuntimeBuilder builder, Action<MembershipOptions> membership, Action<TransportOptions> transport)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(transport);
        var services = builder.Services;
        if (services.Any(d => d.ServiceType == typeof(ClusterTransportService)))
        {
            throw new InvalidOperationException("UseCluster was already called for this silo.");
        }

        // Before membership: hosted services stop in reverse order, and the listener must outlive the silo's membership.
        services.AddSingleton<ClusterTransportService>();
        services.AddHostedService(sp => sp.GetRequiredService<ClusterTransportService>());
        builder.UseClusterMembership(membership);
        services.AddClusterTransport(transport, sp => GrainInterfacesOf(sp.GetServices<GrainRegistration>()));
        services.AddSingleton<IMembershipView>(sp => sp.GetRequiredService<MembershipService>());
        services.AddSingleton<ClusterPlacement>();
        services.AddSingleton<IGrainPlacement>(sp => sp.GetRequiredService<ClusterPlacement>());
        services.AddSingleton<ActivationRebalancer>();
        services.AddSingleton<ClusterRequestHandler>();
        return builder;
    }

    /// <summary>The transport options, the codec over <paramref name="grainInterfaces"/> and the forwarder, shared by silos and clients.</summary>
    internal static void AddClusterTransport(this IServiceCollection services, Action<TransportOptions> transport, Func<IServiceProvider, IEnumerable<Type>> grainInterfaces)
    {
        services.AddOptions<TransportOptions>().Configure(transport).ValidateOnStart();
        services.AddSingleton<IValidateOptions<TransportOptions>, TransportOptionsValidation>();
        services.AddSingleton(sp => new GrainCallCodec(grainInterfaces(sp)));
        services.AddSingleton<GrainForwarder>();
    }

    /// <summary>The grain interfaces (those naming a grain type) that the registered grain classes implement.</summary>
    internal static IEnumerable<Type> GrainInterfacesOf(IEnumerable<GrainRegistration> registrations) =>
        registrations
            .SelectMany(r => r.GrainClass.GetInterfaces())
            .Where(i => typeof(IGrain).IsAssignableFrom(i) && i.IsDefined(typeof(GrainTypeAttribute), inherit: false))
            .Distinct();
}

/// <summary>Fails start-up with every problem of the transport options.</summary>
internal sealed class TransportOptionsValidation : IValidateOptions<TransportOptions>
{
    public ValidateOptionsResult Validate(string? name, TransportOptions options)
    {
        var problems = TransportOptionsValidator.Validate(options);
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems.Select(p => "Cluster transport: " + p));
    }
}
