using Npgsql;
using OrleansFlows.Bench.Harness;

namespace OrleansFlows.Bench.ApiLeads;

/// <summary>
/// The server-side counters of the product's database, read from the maintenance database (so the benchmark's own
/// queries are not counted): transactions (<c>pg_stat_database</c>), WAL position, and, when the server loads
/// <c>pg_stat_statements</c>, every top-level statement the product ran (calls, rows, execution time), BEGIN and COMMIT
/// included.
/// </summary>
internal sealed class PostgresCounters(string adminConnectionString, string database, bool statements)
{
    private const int QueryTextLength = 160;

    /// <summary>
    /// Makes the server load <c>pg_stat_statements</c>: on the benchmark's throwaway server, <c>ALTER SYSTEM</c> and a
    /// restart (same port and settings); on an external server only if it already loads it. Returns why not, or null.
    /// </summary>
    /// <summary>
    /// Starts the benchmark's PostgreSQL with <c>pg_stat_statements</c> and writes what it found to <paramref name="log"/>;
    /// the server is null, with the reason, when it is not available, and the reason statements aren't counted is null when they are.
    /// </summary>
    public static async Task<(BenchPostgres? Postgres, string? Unavailable, string? StatementsUnavailable)> StartPostgresAsync(bool fsync, TextWriter log)
    {
        log.WriteLine($"Starting PostgreSQL (fsync {(fsync ? "on" : "off")} requested)...");
        var (postgres, unavailable) = await BenchPostgres.TryStartAsync(fsync);
        if (postgres is null)
        {
            log.WriteLine($"  PostgreSQL is not available; its figures are skipped: {unavailable}");
            return (null, unavailable, null);
        }

        var statementsUnavailable = await EnableStatementsAsync(postgres);
        log.WriteLine($"  PostgreSQL {postgres.Info.ServerVersion}, fsync={postgres.Info.Fsync}, synchronous_commit={postgres.Info.SynchronousCommit}; statements: {statementsUnavailable ?? "pg_stat_statements"}");
        return (postgres, null, statementsUnavailable);
    }

    public static async Task<string?> EnableStatementsAsync(BenchPostgres postgres)
    {
        try
        {
            if (!postgres.Info.External)
            {
                await using (var connection = new NpgsqlConnection(postgres.Server.AdminConnectionString))
                {
                    await connection.OpenAsync();
                    await ExecuteAsync(connection, "ALTER SYSTEM SET shared_preload_libraries = 'pg_stat_statements'");
                }

                NpgsqlConnection.ClearAllPools();
                await postgres.Server.StopAsync();
                await postgres.Server.StartAsync();
                NpgsqlConnection.ClearAllPools();
            }

            await using var admin = new NpgsqlConnection(postgres.Server.AdminConnectionString);
            await admin.OpenAsync();
            await ExecuteAsync(admin, "CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
            await ExecuteAsync(admin, "SELECT count(*) FROM pg_stat_statements");
            return null;
        }
        catch (Exception exception) when (exception is NpgsqlException or InvalidOperationException)
        {
            return $"pg_stat_statements is not available: {exception.Message}";
        }
    }

    public async Task<PostgresSnapshot> TakeAsync()
    {
        await using var connection = new NpgsqlConnection(adminConnectionString);
        await connection.OpenAsync();
        long commits, rollbacks;
        await using (var command = new NpgsqlCommand("SELECT xact_commit, xact_rollback FROM pg_stat_database WHERE datname = @db", connection))
        {
            command.Parameters.AddWithValue("db", database);
            await using var reader = await command.ExecuteReaderAsync();
            await reader.ReadAsync();
            (commits, rollbacks) = (reader.GetInt64(0), reader.GetInt64(1));
        }

        long wal;
        await using (var command = new NpgsqlCommand("SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), '0/0')::bigint", connection))
        {
            wal = (long)(await command.ExecuteScalarAsync())!;
        }

        Dictionary<long, StatementCount>? counts = null;
        if (statements)
        {
            counts = [];
            await using var command = new NpgsqlCommand(
                """
                SELECT s.queryid, min(left(s.query, @length)), sum(s.calls)::bigint, sum(s.rows)::bigint, sum(s.total_exec_time)
                FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid
                WHERE d.datname = @db AND s.queryid IS NOT NULL
                GROUP BY s.queryid
                """,
                connection);
            command.Parameters.AddWithValue("db", database);
            command.Parameters.AddWithValue("length", QueryTextLength);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                counts[reader.GetInt64(0)] = new StatementCount(reader.GetString(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetDouble(4));
            }
        }

        return new PostgresSnapshot(commits, rollbacks, wal, counts);
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
