using Npgsql;
using OrleansFlows.Silo;
using OrleansFlows.TestKit;
using OrleansFlows.TestKit.Postgres;

namespace OrleansFlows.Api.Tests.Hosting;

/// <summary>The silo's <c>--migrate-only</c> mode, which the Kubernetes migration Job runs before silos start.</summary>
[Collection(PostgresCollection.Name)]
[Trait("Category", "Postgres")]
public sealed class SiloMigrateOnlyTests(PostgresServer server)
{
    [Fact]
    public async Task MigrateOnly_CreatesTheSchemaAndExits_WithoutJoiningACluster()
    {
        var connectionString = await server.CreateDatabaseAsync("silo_migrate");
        try
        {
            var exit = await SiloProgram.Main(["--migrate-only", "--OrleansFlows:Storage:Provider=Postgres", $"--OrleansFlows:Storage:PostgresConnectionString={connectionString}"]);

            Assert.Equal(0, exit);
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            await using var components = new NpgsqlCommand("SELECT count(*) FROM schema_version", connection);
            Assert.True((long)(await components.ExecuteScalarAsync())! >= 2);
            await using var membership = new NpgsqlCommand("SELECT count(*) FROM orleansmembershiptable", connection);
            Assert.Equal(0L, await membership.ExecuteScalarAsync());

            // Again on a current schema: nothing left to do, and it still succeeds.
            Assert.Equal(0, await SiloProgram.Main(["--migrate-only", "--OrleansFlows:Storage:Provider=Postgres", $"--OrleansFlows:Storage:PostgresConnectionString={connectionString}"]));
        }
        finally
        {
            await server.DropDatabaseAsync(connectionString);
        }
    }

    [Fact]
    public async Task MigrateOnly_UnreachableDatabase_ExitsWithOne()
    {
        var exit = await SiloProgram.Main(
        [
            "--migrate-only",
            "--OrleansFlows:Storage:Provider=Postgres",
            $"--OrleansFlows:Storage:PostgresConnectionString=Host=127.0.0.1;Port={LoopbackPorts.Free()};Username=nobody;Database=none;Timeout=2",
            "--OrleansFlows:Storage:StoreStartup:MaxAttempts=1",
        ]);

        Assert.Equal(1, exit);
    }
}
