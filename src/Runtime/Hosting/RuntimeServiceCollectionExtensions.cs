using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OrleansFlows.Runtime.Abstractions;
using OrleansFlows.Runtime.Activation;
using OrleansFlows.Runtime.Diagnostics;
using OrleansFlows.Runtime.Messaging;
using OrleansFlows.Runtime.Persistence;
using OrleansFlows.Runtime.Reminders;

namespace OrleansFlows.Runtime.Hosting;

/// <summary>Registers the virtual-actor runtime in a host.</summary>
public static class RuntimeServiceCollectionExtensions
{
    /// <summary>
    /// Adds a silo: the catalog, grain references, persistent state, timers, durable reminders and idle collection.
    /// <paramref name="configure"/> must choose a store and register the grain classes.
    /// </summary>
    public static IServiceCollection AddOrleansFlowsRuntime(this IServiceCollection services, Action<RuntimeBuilder> configure)
    {
        // The runtime's own tables come first, before any application schema that may refer to them.
        services.AddSingleton<ISchemaContributor, RuntimeSchema>();
        var builder = new RuntimeBuilder(services);
        configure(builder);
        if (!builder.HasStore)
        {
            throw new InvalidOperationException("The silo has no store: call UseSqlite or UsePostgres.");
        }

        services.AddOptions<GrainCallOptions>();
        services.AddOptions<GrainCollectionOptions>();
        services.AddOptions<StoreStartupOptions>();
        services.AddOptions<GrainStateSerializerOptions>();
        services.AddOptions<ReminderOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ReminderOptions>, ReminderOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);

        services.AddSingleton<SiloIdentity>();
        services.AddSingleton<SiloStatus>();
        services.AddSingleton<RuntimeEvents>();
        services.AddSingleton<GrainStateSerializer>();
        services.AddSingleton(sp => new GrainRegistry(sp.GetServices<GrainRegistration>()));
        services.AddSingleton<GrainRuntime>();
        services.TryAddSingleton<IGrainPlacement, LocalPlacement>();
        services.AddSingleton<Catalog>();
        services.AddSingleton<IGrainCallDispatcher>(sp => sp.GetRequiredService<Catalog>());
        services.AddSingleton<IGrainFactory, GrainFactory>();

        // Start order matters: the store is ready before reminders poll; stop order is the reverse.
        services.AddHostedService<SiloLifecycleService>();
        services.AddHostedService<ReminderService>();
        services.AddHostedService<IdleActivationCollector>();
        return services;
    }
}
