namespace OrleansFlows.Api.Tests.Hosting;

/// <summary>One SQLite host shared by the tests of a class; each test makes its own tenants, so they stay independent.</summary>
public sealed class SqliteApiHostFixture : IAsyncLifetime
{
    private readonly TempFolder _data = new();

    public ApiHost Host { get; private set; } = null!;

    public Task InitializeAsync()
    {
        Host = ApiHost.Sqlite(_data.Path);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        _data.Dispose();
    }
}
