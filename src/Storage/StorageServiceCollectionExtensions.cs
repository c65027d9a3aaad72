using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OrleansFlows.Storage.Postgres;
using OrleansFlows.Storage.Rows;
using OrleansFlows.Storage.Sqlite;

namespace OrleansFlows.Storage;

/// <summary>Registers one of the product's stores: its database, schema bootstrap, state store and projection store.</summary>
public static class StorageServiceCollectionExtensions
{
    /// <summary>The embedded SQLite store (one silo): one file, one writer connection, WAL.</summary>
    public static IServiceCollection AddOrleansFlowsSqliteStore(this IServiceCollection services, Action<SqliteStoreOptions> configure)
    {
        AddCommon(services);
        services.Configure(configure);
        services.AddSingleton<SqliteDatabase>();
        services.AddSingleton<IStateStore, SqliteStateStore>();
        // One writer connection: one group at a time, each group one transaction and one fsync.
        services.AddSingleton(sp => new GroupCommitter(sp.GetRequiredService<IStateStore>(), concurrency: 1));
        services.AddSingleton<IStoreBootstrap, SqliteStoreBootstrap>();
        services.AddSingleton<IProjectionStore, SqliteProjectionStore>();
        services.AddSingleton<ISchemaContributor, SqliteReminderSchema>();
        services.AddSingleton<IReminderTable, SqliteReminderTable>();
        return services;
    }

    /// <summary>The PostgreSQL store (clusters).</summary>
    public static IServiceCollection AddOrleansFlowsPostgresStore(this IServiceCollection services, Action<PostgresStoreOptions> configure)
    {
        AddCommon(services);
        services.AddSingleton<ISchemaContributor, OrleansAdoNetSchema>();
        services.Configure(configure);
        services.AddSingleton<PostgresDatabase>();
        services.AddSingleton<IStateStore, PostgresStateStore>();
        // A few groups in flight keep the pool's connections busy while one group waits on its commit.
        services.AddSingleton(sp => new GroupCommitter(sp.GetRequiredService<IStateStore>(), concurrency: 4));
        services.AddSingleton<IStoreBootstrap, PostgresStoreBootstrap>();
        services.AddSingleton<IProjectionStore, PostgresProjectionStore>();
        return services;
    }

    /// <summary>Adds tables the application owns; they are created and upgraded with the store's own, in registration order.</summary>
    public static IServiceCollection AddSchema(this IServiceCollection services, ISchemaContributor contributor)
    {
        services.AddSingleton(contributor);
        return services;
    }

    private static void AddCommon(IServiceCollection services)
    {
        if (services.Any(s => s.ServiceType == typeof(IStateStore)))
        {
            throw new InvalidOperationException("A silo uses one store; AddOrleansFlowsSqliteStore or AddOrleansFlowsPostgresStore was already called.");
        }

        // The store's own table comes first, before any application schema that may refer to it.
        services.AddSingleton<ISchemaContributor, StorageSchema>();
        services.TryAddSingleton<GrainStateSerializer>();
        services.AddOptions<StoreStartupOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<Microsoft.Extensions.Options.IValidateOptions<StoreStartupOptions>, StoreStartupOptionsValidator>());
    }
}
