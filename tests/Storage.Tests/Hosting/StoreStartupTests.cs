using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using OrleansFlows.Runtime.Hosting;
using OrleansFlows.Runtime.Persistence;
using OrleansFlows.TestKit.Hosting;

namespace OrleansFlows.Runtime.Tests.Hosting;

/// <summary>A silo whose store can't be reached at start-up retries with backoff, then fails start-up with a clear error.</summary>
[Trait("Category", "Postgres")]
public sealed class StoreStartupTests
{
    [Fact]
    public async Task Start_WhenPostgresUnreachable_ThrowsStorageUnavailableExceptionAfterMaxAttempts()
    {
        await using var store = new UnreachablePostgresStore();
        var clock = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<StorageUnavailableException>(() => TestSilo.StartAsync(store, services =>
            services.Configure<StoreStartupOptions>(o =>
            {
                o.MaxAttempts = 3;
                o.InitialDelay = TimeSpan.FromMilliseconds(50);
                o.MaxDelay = TimeSpan.FromMilliseconds(100);
            })).WaitAsync(TimeSpan.FromSeconds(30)));

        Assert.StartsWith(
            $"The silo can't start: PostgreSQL database 'orleansflows' on 127.0.0.1:{store.Port} was unreachable after 3 attempts. Last error: ",
            error.Message,
            StringComparison.Ordinal);
        Assert.False(error.IsTransient);
        var last = Assert.IsType<StorageUnavailableException>(error.InnerException);
        Assert.True(last.IsTransient);
        Assert.IsAssignableFrom<NpgsqlException>(last.InnerException);

        // Two back-off delays of 50 and 100 ms separate the three attempts.
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(150), $"Start-up failed after {clock.Elapsed}, before its back-off delays had passed.");
    }

    [Fact]
    public async Task Start_WhenSqliteFileIsNotADatabase_FailsAtOnceWithoutRetrying()
    {
        await using var store = new GarbageSqliteStore();

        // A retry would wait ten seconds first: failing well within that shows the error was not retried.
        var error = await Assert.ThrowsAsync<StorageUnavailableException>(() => TestSilo.StartAsync(store, services =>
            services.Configure<StoreStartupOptions>(o =>
            {
                o.MaxAttempts = 3;
                o.InitialDelay = TimeSpan.FromSeconds(10);
            })).WaitAsync(TimeSpan.FromSeconds(8)));

        Assert.Equal(
            $"Creating the schema failed on SQLite database '{store.DatabasePath}': SQLite Error 26: 'file is not a database'.",
            error.Message);
        Assert.False(error.IsTransient);
    }

    /// <summary>A SQLite store whose file holds something else than a database.</summary>
    private sealed class GarbageSqliteStore : TestStore
    {
        private readonly string _folder = Directory.CreateTempSubdirectory("orleansflows-garbage-").FullName;

        public GarbageSqliteStore() => File.WriteAllText(DatabasePath, new string('x', 8192));

        public string DatabasePath => Path.Combine(_folder, "test.db");

        public override string Kind => "sqlite";

        public override IReadOnlyDictionary<string, string?> StorageSettings => new Dictionary<string, string?>
        {
            ["OrleansFlows:Storage:Provider"] = "Sqlite",
            ["OrleansFlows:Storage:SqlitePath"] = DatabasePath,
        };

        public override void Configure(RuntimeBuilder builder) => builder.UseSqlite(o => o.DatabasePath = DatabasePath);

        public override Task ExecuteAsync(string sql) => throw new NotSupportedException();

        public override Task<object?> ScalarAsync(string sql) => throw new NotSupportedException();

        public override ValueTask DisposeAsync()
        {
            Directory.Delete(_folder, recursive: true);
            return ValueTask.CompletedTask;
        }
    }

    /// <summary>A PostgreSQL store on a loopback port where nothing listens.</summary>
    private sealed class UnreachablePostgresStore : TestStore
    {
        public int Port { get; } = FindClosedPort();

        public override string Kind => "postgres";

        public string ConnectionString => new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1",
            Port = Port,
            Database = "orleansflows",
            Username = "postgres",
            Timeout = 5,
        }.ConnectionString;

        public override IReadOnlyDictionary<string, string?> StorageSettings => new Dictionary<string, string?>
        {
            ["OrleansFlows:Storage:Provider"] = "Postgres",
            ["OrleansFlows:Storage:PostgresConnectionString"] = ConnectionString,
        };

        public override void Configure(RuntimeBuilder builder) => builder.UsePostgres(o => o.ConnectionString = ConnectionString);

        public override Task ExecuteAsync(string sql) => throw new NotSupportedException("Nothing listens on this store's port.");

        public override Task<object?> ScalarAsync(string sql) => throw new NotSupportedException("Nothing listens on this store's port.");

        public override ValueTask DisposeAsync() => ValueTask.CompletedTask;

        private static int FindClosedPort()
        {
            var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            try
            {
                return ((IPEndPoint)listener.LocalEndpoint).Port;
            }
            finally
            {
                listener.Stop();
            }
        }
    }
}
