using Microsoft.Data.Sqlite;
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

    protected override Task BlockDeletesAsync(string table) =>
        ExecuteAsync($"CREATE TRIGGER block_{table} BEFORE DELETE ON {table} BEGIN SELECT RAISE(ABORT, 'deletes from {table} are blocked'); END");

    protected override Task UnblockDeletesAsync(string table) => ExecuteAsync($"DROP TRIGGER block_{table}");

    protected override Task<IReadOnlyList<string>> SweepAsync(string text) => DatabaseSweep.SqliteAsync(Path.Combine(_data.Path, "orleansflows.db"), text);

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(_data.Path, "orleansflows.db")};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }
}
