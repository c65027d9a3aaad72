using Microsoft.Extensions.DependencyInjection;
using OrleansFlows.Storage;

namespace OrleansFlows.TestKit.Hosting;

/// <summary>
/// The product's store services on a test store, with its schema created but no silo running, so a test can drive the
/// stores directly, as a silo would.
/// </summary>
public sealed class StoreServices : IAsyncDisposable
{
    private readonly ServiceProvider _provider;

    private StoreServices(ServiceProvider provider) => _provider = provider;

    /// <summary>The services, for the store's internal types.</summary>
    public IServiceProvider Services => _provider;

    /// <summary>The schema bootstrap.</summary>
    public IStoreBootstrap Bootstrap => _provider.GetRequiredService<IStoreBootstrap>();

    /// <summary>The projection store.</summary>
    public IProjectionStore Projections => _provider.GetRequiredService<IProjectionStore>();

    /// <summary>Builds the services for <paramref name="store"/>, with more schema from <paramref name="schemas"/>, and creates the schema.</summary>
    public static async Task<StoreServices> CreateAsync(TestStore store, params ISchemaContributor[] schemas)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        store.AddStore(services);
        foreach (var schema in schemas)
        {
            services.AddSchema(schema);
        }

        var provider = services.BuildServiceProvider();
        try
        {
            await provider.GetRequiredService<IStoreBootstrap>().InitializeAsync(CancellationToken.None);
        }
        catch
        {
            await provider.DisposeAsync();
            throw;
        }

        return new StoreServices(provider);
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _provider.DisposeAsync();
}
