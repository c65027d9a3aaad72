using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;
using OrleansFlows.Runtime.Hosting;
using OrleansFlows.Runtime.Membership;
using OrleansFlows.Runtime.Persistence;
using OrleansFlows.Runtime.Persistence.Postgres;
using OrleansFlows.TestKit.Postgres;

namespace OrleansFlows.Runtime.Tests.Membership;

/// <summary>
/// A fresh PostgreSQL database with the runtime's and the membership schema, created by the product's own bootstrap,
/// and membership services on it, each playing one silo. Disposing halts the services still running and drops the database.
/// </summary>
internal sealed class MembershipDatabase : IAsyncDisposable
{
    private readonly PostgresServer _server;
    private readonly List<MembershipService> _services = [];

    private MembershipDatabase(PostgresServer server, string connectionString, PostgresDatabase database)
    {
        _server = server;
        ConnectionString = connectionString;
        Database = database;
        Table = new PostgresMembershipTable(database);
    }

    public string ConnectionString { get; }

    public PostgresDatabase Database { get; }

    public PostgresMembershipTable Table { get; }

    /// <summary>Test-sized periods: heartbeat 200 ms, death after 1 s, refresh every 100 ms.</summary>
    public static MembershipOptions FastOptions(string clusterId) => new()
    {
        ClusterId = clusterId,
        SiloAddress = "127.0.0.1:11111",
        HeartbeatPeriod = TimeSpan.FromMilliseconds(200),
        DeathTimeout = TimeSpan.FromSeconds(1),
        RefreshPeriod = TimeSpan.FromMilliseconds(100),
    };

    public static async Task<MembershipDatabase> CreateAsync(PostgresServer server, string prefix)
    {
        var connectionString = await server.CreateDatabaseAsync(prefix);
        var database = new PostgresDatabase(Options.Create(new PostgresStoreOptions { ConnectionString = connectionString }));
        var bootstrap = new PostgresStoreBootstrap(database, [new RuntimeSchema(), new MembershipSchema()], NullLogger<PostgresStoreBootstrap>.Instance);
        await bootstrap.InitializeAsync(CancellationToken.None);
        return new MembershipDatabase(server, connectionString, database);
    }

    /// <summary>A membership service for a new silo (a new id); <paramref name="stopServing"/> records a declared death.</summary>
    public MembershipService CreateService(MembershipOptions options, Action<SiloDeclaredDeadException>? stopServing = null, TimeProvider? timeProvider = null)
    {
        var service = new MembershipService(
            Table,
            new SiloIdentity(),
            Options.Create(options),
            timeProvider ?? TimeProvider.System,
            NullLogger<MembershipService>.Instance,
            stopServing ?? (e => throw new InvalidOperationException($"Silo {e.SiloId} was unexpectedly declared dead.", e)));
        _services.Add(service);
        return service;
    }

    /// <summary>Starts a new silo's membership and returns it.</summary>
    public async Task<MembershipService> StartServiceAsync(MembershipOptions options, Action<SiloDeclaredDeadException>? stopServing = null, TimeProvider? timeProvider = null)
    {
        var service = CreateService(options, stopServing, timeProvider);
        await service.StartAsync(CancellationToken.None);
        return service;
    }

    /// <summary>Registers a silo straight in the table and moves it to active.</summary>
    public async Task<string> RegisterActiveAsync(string clusterId)
    {
        var siloId = new SiloIdentity().Id;
        await Table.RegisterAsync(new SiloRegistration(clusterId, siloId, "127.0.0.1:11111", null), CancellationToken.None);
        await Table.SetStatusAsync(clusterId, siloId, SiloMembershipStatus.Active, CancellationToken.None);
        return siloId;
    }

    /// <summary>Runs SQL bypassing the table, for example to age a heartbeat by the database's own clock.</summary>
    public async Task ExecuteAsync(string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = await Database.DataSource.OpenConnectionAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Reads one scalar, bypassing the table.</summary>
    public async Task<object?> ScalarAsync(string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = await Database.DataSource.OpenConnectionAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return await command.ExecuteScalarAsync();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var service in _services)
        {
            await service.DisposeAsync();
        }

        await Database.DisposeAsync();
        await _server.DropDatabaseAsync(ConnectionString);
    }

    public static string NewClusterId() => $"cluster-{Guid.NewGuid():N}";
}
