using OrleansFlows.Api.Tests.Hosting;

namespace OrleansFlows.Api.Tests.Offboarding;

/// <summary>Offboarding on SQLite.</summary>
public sealed class OffboardingApiTests : OffboardingApiContract
{
    private readonly TempFolder _data = new();

    protected override string DataDirectory => _data.Path;

    protected override Task<ApiHost> CreateHostAsync(TimeSpan gracePeriod) => Task.FromResult(ApiHost.Sqlite(_data.Path, settings: Settings(gracePeriod)));

    protected override Task DisposeStoreAsync()
    {
        _data.Dispose();
        return Task.CompletedTask;
    }

    protected override Task<IReadOnlyList<string>> SweepAsync(string text) => DatabaseSweep.SqliteAsync(Path.Combine(_data.Path, "orleansflows.db"), text);
}
