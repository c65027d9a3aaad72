using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OrleansFlows.Grains;
using OrleansFlows.Runtime.Hosting;
using OrleansFlows.Runtime.Reminders;
using OrleansFlows.Runtime.Hosting.Health;

namespace OrleansFlows.Silo;

/// <summary>Hosts an OrleansFlows silo: the runtime, the domain grains, the configured store and health checks.</summary>
public static class SiloHostExtensions
{
    /// <summary>
    /// Adds a silo configured from <paramref name="configuration"/> (sections <see cref="StorageOptions.Section"/> and,
    /// to join a cluster, <see cref="ClusterSettings.Section"/>).
    /// <paramref name="configure"/> may register more grains or change runtime options.
    /// </summary>
    /// <exception cref="InvalidOperationException">The storage configuration is incomplete; the message names the setting.</exception>
    public static IServiceCollection AddOrleansFlowsSilo(this IServiceCollection services, IConfiguration configuration, Action<RuntimeBuilder>? configure = null)
    {
        var storage = configuration.GetSection(StorageOptions.Section).Get<StorageOptions>() ?? new StorageOptions();
        var cluster = configuration.GetSection(ClusterSettings.Section).Get<ClusterSettings>() ?? new ClusterSettings();
        if (cluster.Enabled && storage.Provider != StorageProvider.Postgres)
        {
            throw new InvalidOperationException($"{ClusterSettings.Section}:{nameof(ClusterSettings.Enabled)} needs {StorageOptions.Section}:{nameof(StorageOptions.Provider)} Postgres: the silos of a cluster share one PostgreSQL database.");
        }

        services.AddOrleansFlowsRuntime(builder =>
        {
            switch (storage.Provider)
            {
                case StorageProvider.Sqlite:
                    builder.UseSqlite(o => o.DatabasePath = storage.SqlitePath);
                    break;
                case StorageProvider.Postgres:
                    if (string.IsNullOrWhiteSpace(storage.PostgresConnectionString))
                    {
                        throw new InvalidOperationException(
                            $"{StorageOptions.Section}:{nameof(StorageOptions.PostgresConnectionString)} is required when the provider is Postgres " +
                            "(environment variable OrleansFlows__Storage__PostgresConnectionString).");
                    }

                    builder.UsePostgres(o =>
                    {
                        o.ConnectionString = storage.PostgresConnectionString;
                        o.SchemaConnectionString = storage.PostgresSchemaConnectionString;
                    });
                    break;
                default:
                    throw new InvalidOperationException($"{StorageOptions.Section}:{nameof(StorageOptions.Provider)} '{storage.Provider}' is not supported; use Sqlite or Postgres.");
            }

            builder.AddOrleansFlowsGrains(configuration);
            if (cluster.Enabled)
            {
                cluster.Apply(builder, cluster.ApiAddress);
            }

            configure?.Invoke(builder);
        });
        var runtime = configuration.GetSection(RuntimeSettings.Section);
        services.Configure<GrainCallOptions>(runtime.GetSection("Calls"));
        services.Configure<GrainCollectionOptions>(runtime.GetSection("Collection"));
        services.Configure<ReminderOptions>(runtime.GetSection("Reminders"));
        services.Configure<StoreStartupOptions>(runtime.GetSection("StoreStartup"));
        services.AddHealthChecks().AddCheck<SiloReadinessCheck>("silo", tags: [HealthTags.Ready]);
        return services;
    }
}
