using OrleansFlows.Api.Tests.Hosting;

namespace OrleansFlows.Api.Tests.Exports;

/// <summary>Exports on SQLite.</summary>
[Collection(ExportMemoryCollection.Name)]
public sealed class ExportsApiTests : ExportsApiContract
{
    private readonly TempFolder _data = new();

    protected override string DataDirectory => _data.Path;

    protected override Task<ApiHost> CreateHostAsync() => Task.FromResult(ApiHost.Sqlite(_data.Path));

    protected override Task DisposeStoreAsync()
    {
        _data.Dispose();
        return Task.CompletedTask;
    }
}
