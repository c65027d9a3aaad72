using Npgsql;
using OrleansFlows.Bench.Harness;

namespace OrleansFlows.Bench.ApiLeads;

/// <summary>
/// The store a benchmarked product process runs on: its settings, and on PostgreSQL a database of its own, the counters
/// of that database and the postmaster's pid (for its CPU).
/// </summary>
internal sealed record ProductStore(IReadOnlyDictionary<string, string> Settings, PostgresCounters? Counters, int? Postmaster)
{
    /// <summary>SQLite, or on <paramref name="store"/> <c>postgres</c> a new database <paramref name="database"/> on <paramref name="postgres"/>.</summary>
    /// <exception cref="InvalidOperationException">PostgreSQL was asked for but is not available.</exception>
    public static async Task<ProductStore> PrepareAsync(string store, BenchPostgres? postgres, string database, bool countStatements)
    {
        if (store != "postgres")
        {
            return new ProductStore(new Dictionary<string, string> { ["OrleansFlows__Storage__Provider"] = "Sqlite" }, null, null);
        }

        var server = postgres ?? throw new InvalidOperationException("PostgreSQL is not available.");
        var connectionString = await server.Server.CreateDatabaseAsync(database);
        var settings = new Dictionary<string, string>
        {
            ["OrleansFlows__Storage__Provider"] = "Postgres",
            ["OrleansFlows__Storage__PostgresConnectionString"] = connectionString,
        };
        var counters = new PostgresCounters(server.Server.AdminConnectionString, new NpgsqlConnectionStringBuilder(connectionString).Database!, countStatements);
        var postmaster = server.Info.External ? null : CpuSnapshot.FindPostmaster(new NpgsqlConnectionStringBuilder(server.Server.AdminConnectionString).Port);
        return new ProductStore(settings, counters, postmaster);
    }
}
