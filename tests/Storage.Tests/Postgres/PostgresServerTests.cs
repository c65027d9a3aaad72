using Npgsql;
using OrleansFlows.TestKit.Postgres;

namespace OrleansFlows.Storage.Tests.Postgres;

[Collection(PostgresCollection.Name)]
[Trait("Category", "Postgres")]
public sealed class PostgresServerTests(PostgresServer server)
{
    [Fact]
    public async Task CreateDatabase_ReturnsUsableDatabase()
    {
        server.EnsureAvailable();
        var connectionString = await server.CreateDatabaseAsync(nameof(PostgresServerTests));
        try
        {
            await using var dataSource = NpgsqlDataSource.Create(connectionString);
            await using var command = dataSource.CreateCommand("SELECT 1, current_database()");
            await using var reader = await command.ExecuteReaderAsync();

            Assert.True(await reader.ReadAsync());
            Assert.Equal(1, reader.GetInt32(0));
            Assert.Equal(new NpgsqlConnectionStringBuilder(connectionString).Database, reader.GetString(1));
            Assert.StartsWith("test_postgresservertests_", reader.GetString(1), StringComparison.Ordinal);
        }
        finally
        {
            await server.DropDatabaseAsync(connectionString);
        }
    }

    [Fact]
    public async Task CreateDatabase_TwiceInOneClass_GivesDistinctDatabases()
    {
        server.EnsureAvailable();
        var first = await server.CreateDatabaseAsync(nameof(PostgresServerTests));
        var second = await server.CreateDatabaseAsync(nameof(PostgresServerTests));
        try
        {
            var firstName = await CurrentDatabaseAsync(first);
            var secondName = await CurrentDatabaseAsync(second);

            Assert.NotEqual(firstName, secondName);
            Assert.Equal(new NpgsqlConnectionStringBuilder(first).Database, firstName);
            Assert.Equal(new NpgsqlConnectionStringBuilder(second).Database, secondName);
        }
        finally
        {
            await server.DropDatabaseAsync(first);
            await server.DropDatabaseAsync(second);
        }
    }

    private static async Task<string> CurrentDatabaseAsync(string connectionString)
    {
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await using var command = dataSource.CreateCommand("SELECT current_database()");
        return (string)(await command.ExecuteScalarAsync())!;
    }
}
