using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using OrleansFlows.Storage;

namespace OrleansFlows.TestKit.Hosting;

internal sealed class SqliteTestStore : TestStore
{
    private readonly string _folder = Directory.CreateTempSubdirectory("orleansflows-sqlite-").FullName;

    public string DatabasePath => Path.Combine(_folder, "test.db");

    public override string Kind => "sqlite";

    public override IReadOnlyDictionary<string, string?> StorageSettings => new Dictionary<string, string?>
    {
        ["OrleansFlows:Storage:Provider"] = "Sqlite",
        ["OrleansFlows:Storage:SqlitePath"] = DatabasePath,
    };

    public override void AddStore(IServiceCollection services) => services.AddOrleansFlowsSqliteStore(o => o.DatabasePath = DatabasePath);

    public override async Task ExecuteAsync(string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    public override async Task<object?> ScalarAsync(string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync();
    }

    public override ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open is left for the OS temp cleaner; the test's result stands.
        }

        return ValueTask.CompletedTask;
    }
}
