using Microsoft.Extensions.DependencyInjection;
using OrleansFlows.Runtime.Hosting;
using OrleansFlows.Runtime.Persistence;
using OrleansFlows.Runtime.Reminders;
using OrleansFlows.TestKit.TestGrains;

namespace OrleansFlows.TestKit.Hosting;

/// <summary>
/// The runtime's store services on a test store, with its schema created but no silo running: nothing polls or claims
/// reminders, so a test can drive the reminder table by hand, like a silo would.
/// </summary>
public sealed class StoreServices : IAsyncDisposable
{
    private readonly ServiceProvider _provider;

    private StoreServices(ServiceProvider provider) => _provider = provider;

    /// <summary>The grain storage.</summary>
    public IGrainStorage Storage => _provider.GetRequiredService<IGrainStorage>();

    /// <summary>The reminder table.</summary>
    public IReminderTable Reminders => _provider.GetRequiredService<IReminderTable>();

    /// <summary>The schema bootstrap.</summary>
    public IStoreBootstrap Bootstrap => _provider.GetRequiredService<IStoreBootstrap>();

    /// <summary>Builds the services for <paramref name="store"/> and creates its schema (with the test grains' tables).</summary>
    public static async Task<StoreServices> CreateAsync(TestStore store)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddOrleansFlowsRuntime(b =>
        {
            store.Configure(b);
            TestGrainRegistration.AddTestGrains(b);
        });
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
