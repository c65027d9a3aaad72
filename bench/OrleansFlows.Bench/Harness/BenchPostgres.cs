using Npgsql;
using OrleansFlows.TestKit.Postgres;

namespace OrleansFlows.Bench.Harness;

/// <summary>The PostgreSQL server the benchmark uses: the TestKit's throwaway server (fsync on by default), or ORLEANSFLOWS_TEST_POSTGRES.</summary>
internal sealed class BenchPostgres : IAsyncDisposable
{
    private BenchPostgres(PostgresServer server, PostgresInfo info)
    {
        Server = server;
        Info = info;
    }

    public PostgresServer Server { get; }

    public PostgresInfo Info { get; }

    /// <summary>Starts (or connects to) a server; returns null and the reason when none is available.</summary>
    public static async Task<(BenchPostgres? Postgres, string? Reason)> TryStartAsync(bool keepFsync)
    {
        var server = new PostgresServer { KeepFsync = keepFsync };
        await server.InitializeAsync();
        if (!server.IsAvailable)
        {
            var reason = server.UnavailableReason;
            await server.DisposeAsync();
            return (null, reason);
        }

        await using var connection = new NpgsqlConnection(server.AdminConnectionString);
        await connection.OpenAsync();
        async Task<string> Show(string setting)
        {
            await using var command = new NpgsqlCommand($"SHOW {setting}", connection);
            return (string)(await command.ExecuteScalarAsync())!;
        }

        var info = new PostgresInfo(
            External: !string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(PostgresServer.ConnectionStringVariable)),
            ServerVersion: await Show("server_version"),
            Fsync: await Show("fsync"),
            SynchronousCommit: await Show("synchronous_commit"),
            FullPageWrites: await Show("full_page_writes"),
            WalSyncMethod: await Show("wal_sync_method"),
            SharedBuffers: await Show("shared_buffers"));
        return (new BenchPostgres(server, info), null);
    }

    public ValueTask DisposeAsync() => new(Server.DisposeAsync());
}

internal sealed record PostgresInfo(
    bool External,
    string ServerVersion,
    string Fsync,
    string SynchronousCommit,
    string FullPageWrites,
    string WalSyncMethod,
    string SharedBuffers);
