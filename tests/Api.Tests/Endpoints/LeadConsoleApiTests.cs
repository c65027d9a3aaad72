using OrleansFlows.Api.Tests.Hosting;

namespace OrleansFlows.Api.Tests.Endpoints;

/// <summary>The console's lead, bulk retry, usage and stats routes on SQLite.</summary>
public sealed class LeadConsoleApiTests : LeadConsoleApiContract
{
    private readonly TempFolder _data = new();

    protected override Task<ApiHost> CreateHostAsync(IReadOnlyDictionary<string, string?> settings) => Task.FromResult(ApiHost.Sqlite(_data.Path, settings: settings));

    protected override Task DisposeStoreAsync()
    {
        _data.Dispose();
        return Task.CompletedTask;
    }
}
