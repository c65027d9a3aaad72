using Microsoft.Extensions.DependencyInjection;
using OrleansFlows.Runtime.Abstractions;
using OrleansFlows.Runtime.Activation;
using OrleansFlows.Runtime.Messaging;
using OrleansFlows.Runtime.Persistence.Postgres;
using OrleansFlows.Runtime.Persistence.Sqlite;
using OrleansFlows.Runtime.Persistence;
using OrleansFlows.Runtime.Reminders;

namespace OrleansFlows.Runtime.Hosting;

/// <summary>Configures a silo: its grain classes and its store.</summary>
public sealed class RuntimeBuilder
{
    internal RuntimeBuilder(IServiceCollection services) => Services = services;

    /// <summary>The service collection, for grain dependencies.</summary>
    public IServiceCollection Services { get; }

    internal bool HasStore { get; private set; }

    /// <summary>Registers a grain class for the grain type named on <typeparamref name="TInterface"/>.</summary>
    public RuntimeBuilder AddGrain<TInterface, TGrain>()
        where TInterface : IGrain
        where TGrain : Grain, TInterface
    {
        var grainInterface = GrainInterface.Get(typeof(TInterface));
        Services.AddSingleton(new GrainRegistration(grainInterface.GrainType, typeof(TGrain)));
        return this;
    }

    /// <summary>Adds tables the application owns; they are created and upgraded with the runtime's.</summary>
    public RuntimeBuilder AddSchema(ISchemaContributor contributor)
    {
        Services.AddSingleton(contributor);
        return this;
    }

    /// <summary>Uses the embedded SQLite store (one silo).</summary>
    public RuntimeBuilder UseSqlite(Action<SqliteStoreOptions> configure)
    {
        EnsureSingleStore();
        Services.Configure(configure);
        Services.AddSingleton<SqliteDatabase>();
        Services.AddSingleton<IGrainStorage, SqliteGrainStorage>();
        Services.AddSingleton<IReminderTable, SqliteReminderTable>();
        Services.AddSingleton<IStoreBootstrap, SqliteStoreBootstrap>();
        Services.AddSingleton<IProjectionStore, SqliteProjectionStore>();
        return this;
    }

    /// <summary>Uses PostgreSQL (clusters).</summary>
    public RuntimeBuilder UsePostgres(Action<PostgresStoreOptions> configure)
    {
        EnsureSingleStore();
        Services.Configure(configure);
        Services.AddSingleton<PostgresDatabase>();
        Services.AddSingleton<IGrainStorage, PostgresGrainStorage>();
        Services.AddSingleton<IReminderTable, PostgresReminderTable>();
        Services.AddSingleton<IStoreBootstrap, PostgresStoreBootstrap>();
        Services.AddSingleton<IProjectionStore, PostgresProjectionStore>();
        return this;
    }

    private void EnsureSingleStore()
    {
        if (HasStore)
        {
            throw new InvalidOperationException("A silo uses one store; UseSqlite or UsePostgres was already called.");
        }

        HasStore = true;
    }
}
