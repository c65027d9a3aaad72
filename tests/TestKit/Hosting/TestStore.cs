using Microsoft.Extensions.DependencyInjection;
using OrleansFlows.TestKit.Postgres;

namespace OrleansFlows.TestKit.Hosting;

/// <summary>A real store for a test silo: a SQLite file in a temp folder, or a fresh PostgreSQL database.</summary>
public abstract class TestStore : IAsyncDisposable
{
    /// <summary>A short name for test output: <c>sqlite</c> or <c>postgres</c>.</summary>
    public abstract string Kind { get; }

    /// <summary>Registers the product's store services for this store (without a silo).</summary>
    public abstract void AddStore(IServiceCollection services);

    /// <summary>The product configuration (<c>OrleansFlows:Storage:*</c>) that points a product silo at this store.</summary>
    public abstract IReadOnlyDictionary<string, string?> StorageSettings { get; }

    /// <summary>Runs raw SQL on the store, bypassing the runtime (to corrupt rows or drop tables in fault tests).</summary>
    public abstract Task ExecuteAsync(string sql);

    /// <summary>Reads one scalar, bypassing the runtime.</summary>
    public abstract Task<object?> ScalarAsync(string sql);

    /// <inheritdoc />
    public abstract ValueTask DisposeAsync();

    /// <summary>A new SQLite file in a new temp folder, deleted on dispose.</summary>
    public static TestStore Sqlite() => new SqliteTestStore();

    /// <summary>A new database on the test PostgreSQL server, dropped on dispose.</summary>
    public static async Task<TestStore> PostgresAsync(PostgresServer server, string prefix) =>
        new PostgresTestStore(server, await server.CreateDatabaseAsync(prefix));
}
